/**
 * `vite build`: each worker's environment builds one bundle (`index.js`, source maps) with every
 * dependency inlined, `cloudflare:*` external and Node built-ins external under `nodejs_compat`
 * (an error without it, as the deployed worker would fail); the client goes to `dist/client`.
 */
import path from "node:path";
import { isBuiltin } from "node:module";
import type { EnvironmentOptions, Plugin, UserConfig } from "vite";
import { buildApp } from "../build/build-app.js";
import type { PluginState } from "./state.js";
import { resolveCompatibility } from "@kindling/runtime/compatibility";

export function buildPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:build",
    apply: "build",
    config(userConfig, env) {
      if (state.workerConfig.main === undefined) return { builder: {} };
      const outDir = userConfig.build?.outDir ?? "dist";
      const nodeEnv = JSON.stringify(process.env.NODE_ENV || env.mode);
      // One bundle per worker (the main one and each of `auxiliaryWorkers`), in `dist/<its environment>`.
      const workers = state.workers.flatMap((worker): [string, EnvironmentOptions][] => {
        const { main } = worker.config;
        if (main === undefined) return [];
        const name = worker.environmentName;
        const userWorker = userConfig.environments?.[name]?.build;
        const options: EnvironmentOptions = {
          define: { "process.env.NODE_ENV": nodeEnv },
          resolve: { noExternal: true },
          build: {
            outDir: userWorker?.outDir ?? path.join(outDir, name),
            ssr: true,
            emitAssets: true,
            copyPublicDir: false,
            target: "es2024",
            sourcemap: userWorker?.sourcemap ?? userConfig.build?.sourcemap ?? true,
            rolldownOptions: { input: { index: main }, preserveEntrySignatures: "strict", platform: "neutral" },
          },
        };
        return [[name, options]];
      });
      return {
        // App mode: `vite build` builds every environment (the workers' too), not only the client.
        builder: {},
        environments: {
          ...Object.fromEntries(workers),
          client: { build: { outDir: userConfig.environments?.client?.build?.outDir ?? path.join(outDir, "client") } },
        },
      } satisfies UserConfig;
    },
    /**
     * The worker's entry is its `main`, also where a framework sets its own (React Router puts its
     * server build there; the worker imports that build itself).
     */
    configResolved(config) {
      for (const worker of state.workers) {
        const build = config.environments[worker.environmentName]?.build;
        if (build && worker.config.main !== undefined) build.rolldownOptions.input = { index: worker.config.main };
      }
    },
    applyToEnvironment(environment) {
      return environment.name === "client" || state.workers.some((worker) => worker.environmentName === environment.name);
    },
    resolveId: {
      order: "pre",
      handler(source, importer) {
        const worker = state.workers.find((w) => w.environmentName === this.environment.name);
        if (!worker) return undefined;
        if (source.startsWith("cloudflare:")) return { id: source, external: true };
        if (!isBuiltin(source) || source.startsWith("file:")) return undefined;
        const id = source.startsWith("node:") ? source : `node:${source}`;
        const { compatibilityDate, compatibilityFlags } = worker.config;
        const flags = resolveCompatibility(compatibilityDate, compatibilityFlags);
        // nodejs_compat is on by default from compatibility date 2026-08-04.
        const nodeCompat = flags.nodejs_compat || flags.nodejs_compat_v2;
        const asyncHooks = flags.nodejs_als && id === "node:async_hooks";
        if (nodeCompat || asyncHooks) return { id, external: true };
        this.error(
          `[kindling] ${importer ? path.relative(state.root, importer) : "The worker"} imports "${source}", a Node.js built-in module, ` +
            `which Workers provide only with the "nodejs_compat" compatibility flag. Add "nodejs_compat" to "compatibility_flags" in your wrangler config.`,
        );
      },
    },
    buildApp: {
      order: "post",
      handler: (builder) => buildApp(builder, state.workers),
    },
  };
}
