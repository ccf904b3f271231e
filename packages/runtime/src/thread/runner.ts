/** The generation's ModuleRunner: user modules come from Vite; `cloudflare:*` load natively, once per thread. */
import { isBuiltin } from "node:module";
import { fileURLToPath } from "node:url";
import type { GenerationConfig } from "../protocol/messages.js";
import { resolveCompatibility } from "../shared/compatibility.js";
import { runCompiled, takeCompiled } from "./module-chunks.js";
import { createImportMetaFactory } from "./import-meta.js";
import { BatchLinker } from "./linker.js";
import { nodeCompat as workerNodeModules } from "../node-compat/index.js";
import { threadContext } from "./context.js";
import { isServiceWorkerCode } from "./service-worker/detect.js";
import { installServiceWorker } from "./service-worker/index.js";

type ModuleRunnerModule = typeof import("vite/module-runner");
type ModuleRunnerContext = Parameters<InstanceType<ModuleRunnerModule["ESModulesEvaluator"]>["runInlinedModule"]>[0];
type EvaluatedModuleNode = import("vite/module-runner").EvaluatedModuleNode;

const cloudflareModules: Record<string, string> = {
  "cloudflare:workers": new URL("../modules/workers.js", import.meta.url).href,
  "cloudflare:email": new URL("../modules/email.js", import.meta.url).href,
  "cloudflare:workflows": new URL("../modules/workflows.js", import.meta.url).href,
  "cloudflare:sockets": new URL("../modules/sockets.js", import.meta.url).href,
  "cloudflare:node": new URL("../modules/node.js", import.meta.url).href,
  "cloudflare:pipelines": new URL("../modules/pipelines.js", import.meta.url).href,
  // What the plugin's code for a `.wasm` import (a CompiledWasm module rule) imports.
  "kindling:compiled-wasm": new URL("./scope/compiled-wasm.js", import.meta.url).href,
};

/** The ModuleRunner of one Vite environment (the worker's, or one of its `childEnvironments`). */
export function createRunner(
  vite: ModuleRunnerModule,
  config: GenerationConfig,
  environment: string,
  transport: import("vite/module-runner").ModuleRunnerTransport,
) {
  const flags = resolveCompatibility(config.compatibilityDate, config.compatibilityFlags);
  // nodejs_compat_v2 implies nodejs_compat's imports (compatibility-date.capnp).
  const nodeCompat = flags.nodejs_compat || flags.nodejs_compat_v2;
  const asyncLocalStorage = nodeCompat || flags.nodejs_als;

  // The first module the worker's own runner evaluates is the entry: its code tells the format.
  let entrySeen = environment !== config.environment;

  class WorkerEvaluator extends vite.ESModulesEvaluator {
    /** A module the runner evaluates: its imports go to the linker (linker.ts). */
    override runInlinedModule(context: ModuleRunnerContext, code: string, module?: EvaluatedModuleNode): Promise<void> {
      // Before the service worker's wrapper of the entry's dynamic import, which must stay outermost.
      if (module) linker.adopt(context as never, module);
      if (!entrySeen) {
        entrySeen = true;
        if (isServiceWorkerCode(code)) installServiceWorker(globalThis as never, threadContext.env, context as never);
      }
      return this.evaluate(context, code, module);
    }

    /** A module of the start's batch was compiled with the others (module-chunks.ts). */
    evaluate(context: ModuleRunnerContext, code: string, module?: EvaluatedModuleNode): Promise<void> {
      const run = module && takeCompiled(module.id, code);
      return run ? runCompiled(vite, context as never, run) : super.runInlinedModule(context, code);
    }

    override runExternalModule(file: string): Promise<unknown> {
      // workerd loads only the worker's own modules: code from a data: URL is code generation it refuses.
      if (file.startsWith("data:")) throw new Error(`No such module "${file}".`);
      if (file.startsWith("cloudflare:") || file.startsWith("kindling:")) {
        const url = cloudflareModules[file];
        if (!url) throw new Error(`No such module "${file}".`);
        return import(url);
      }
      // `node:x` also when the host Node lacks x (node:sqlite on Node 20): workerd may still not serve it.
      if ((isBuiltin(file) || file.startsWith("node:")) && !file.startsWith("file:")) {
        if (!nodeCompat && !asyncLocalStorage) throw nodeCompatOff(file, config.compatibilityFlags);
        // The worker's node:* modules are workerd's (node-compat/), never a way to the host.
        const answer = workerNodeModules().resolve(file);
        if ("missing" in answer) {
          if (!nodeCompat && !/^(node:)?async_hooks$/.test(file)) throw nodeCompatOff(file, config.compatibilityFlags);
          throw new Error(`No such module "${file.startsWith("node:") ? file : `node:${file}`}".`);
        }
        if ("namespace" in answer) return Promise.resolve(answer.namespace);
      }
      return this.#runDependency(file);
    }

    /**
     * A dependency the user's config externalizes (the plugin pre-bundles the others) is imported
     * natively, which cannot resolve `cloudflare:*`. A package that imports one (an SDK made for
     * Workers) fails to link before any of it runs; it is then loaded through the runner instead.
     */
    async #runDependency(file: string): Promise<unknown> {
      try {
        return await super.runExternalModule(file);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== "ERR_UNSUPPORTED_ESM_URL_SCHEME" || !String((error as Error).message).includes("'cloudflare:'")) throw error;
        if (!file.startsWith("file:")) throw error;
        return runner.import(fileURLToPath(file));
      }
    }
  }

  const createImportMeta = createImportMetaFactory(vite);
  const evaluator = new WorkerEvaluator();
  const runner = new vite.ModuleRunner(
    {
      transport,
      // For import.meta.hot (custom events both ways); the transport never delivers updates.
      hmr: { logger: false },
      sourcemapInterceptor: "prepareStackTrace",
      createImportMeta,
    },
    evaluator,
  );
  const linker = new BatchLinker(runner, {
    vite,
    environment,
    createImportMeta,
    compiled: takeCompiled,
    evaluate: (context, code, node) => evaluator.evaluate(context as never, code, node),
  });
  return runner;
}

/** Why a `node:*` import fails: Node.js compatibility is off by date, or by a flag. */
function nodeCompatOff(file: string, flags: readonly string[]): Error {
  const optOut = ["no_nodejs_compat", "no_nodejs_compat_v2"].filter((flag) => flags.includes(flag));
  const fix =
    optOut.length > 0
      ? `Your wrangler config turns it off with ${optOut.map((flag) => `"${flag}"`).join(" and ")} in "compatibility_flags": remove ${optOut.length > 1 ? "them" : "it"}.`
      : `Add "nodejs_compat" to "compatibility_flags" in your wrangler config, or set "compatibility_date" to 2026-08-04 or later, when it is on by default.`;
  return new Error(
    `[kindling] "${file}" is a Node.js built-in module, available in Workers only with the "nodejs_compat" compatibility flag. ${fix}`,
  );
}
