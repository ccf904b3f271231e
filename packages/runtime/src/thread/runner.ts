/** The generation's ModuleRunner: user modules come from Vite; `cloudflare:*` load natively, once per thread. */
import { isBuiltin } from "node:module";
import type { GenerationConfig } from "../protocol/messages.js";
import { invokeHost } from "./host-port.js";

type ModuleRunnerModule = typeof import("vite/module-runner");

const cloudflareModules: Record<string, string> = {
  "cloudflare:workers": new URL("../modules/workers.js", import.meta.url).href,
  "cloudflare:email": new URL("../modules/email.js", import.meta.url).href,
};

export function createRunner(vite: ModuleRunnerModule, config: GenerationConfig) {
  const nodeCompat = config.compatibilityFlags.some((flag) => flag === "nodejs_compat" || flag === "nodejs_compat_v2");
  const asyncLocalStorage = nodeCompat || config.compatibilityFlags.includes("nodejs_als");

  class WorkerEvaluator extends vite.ESModulesEvaluator {
    override runExternalModule(file: string): Promise<unknown> {
      if (file.startsWith("cloudflare:")) {
        const url = cloudflareModules[file];
        if (!url) throw new Error(`No such module "${file}".`);
        return import(url);
      }
      if (isBuiltin(file) && !file.startsWith("file:")) {
        const allowed = nodeCompat || (asyncLocalStorage && /^(node:)?async_hooks$/.test(file));
        if (!allowed) {
          throw new Error(
            `[kindling] "${file}" is a Node.js built-in module, available in Workers only with the "nodejs_compat" ` +
              `compatibility flag. Add "nodejs_compat" to "compatibility_flags" in your wrangler config.`,
          );
        }
      }
      return super.runExternalModule(file);
    }
  }

  return new vite.ModuleRunner(
    {
      transport: { invoke: (payload) => invokeHost(payload) as Promise<{ result: unknown }> },
      hmr: false,
      sourcemapInterceptor: "prepareStackTrace",
      createImportMeta: vite.createDefaultImportMeta,
    },
    new WorkerEvaluator(),
  );
}
