/** Declares the workers' Vite environments (each worker's own and its child ones) and claims their file changes. */
import { builtinModules } from "node:module";
import { createRunnableDevEnvironment, type EnvironmentOptions, type Plugin, type ResolvedConfig } from "vite";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import type { PluginState, WorkerEntry } from "./state.js";
import { runtimeModules, workerConditions, workerOptimizeDeps } from "./worker-optimize-deps.js";
import { processEnvDefine } from "./process-env-define.js";

// Node's built-ins and the runtime's own modules are served by the runner (node-compat/, modules/).
const builtins = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  /^node:/,
  /^cloudflare:/,
  "kindling:compiled-wasm",
];

export function environmentPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:environment",
    config(userConfig, env) {
      const { persistDir } = state.init(userConfig, env);
      const server = { watch: { ignored: persistDir ? [`${persistDir}/**`] : [] } };
      // An assets-only project (no "main") has no worker: Vite's client and the assets are the app.
      if (state.workerConfig.main === undefined) return { appType: "custom", server };
      const worker = (entry: WorkerEntry, name: string): EnvironmentOptions => {
        const define = processEnvDefine(entry.config, env.mode);
        const scan = name === entry.environmentName;
        return {
          consumer: "server",
          define,
          // Dependencies too run in the worker's environment (worker-optimize-deps.ts), resolved as production's build resolves them.
          resolve: { builtins, conditions: [...workerConditions, "development|production"], noExternal: true },
          optimizeDeps: workerOptimizeDeps({
            main: entry.config.main ?? "",
            scan,
            moduleRules: entry.config.moduleRules,
            define,
          }),
          // preTransformRequests: a module's static imports are transformed as soon as Vite has
          // analysed it, while the generation still evaluates what came before (a cold start is
          // otherwise one transform after the other, the host idle while the thread works).
          dev: { createEnvironment: createWorkerEnvironment, preTransformRequests: true },
        };
      };
      return {
        appType: "custom",
        server,
        environments: {
          // One environment per worker (the main one and each of `auxiliaryWorkers`), and per child environment.
          ...Object.fromEntries(
            state.workers.flatMap((w) => [w.environmentName, ...w.childEnvironments].map((name) => [name, worker(w, name)])),
          ),
          // Route modules shared with the browser import cloudflare:*: without this, the client's
          // dependency scan fails, and dependencies found later reload the page while it hydrates.
          client: { optimizeDeps: { exclude: runtimeModules.filter((name) => name.startsWith("cloudflare:")) } },
        },
      };
    },
    // The content each generation runs, to tell an edit from a rewrite of the same bytes.
    transform(_code, id) {
      state.hostOf(this.environment.name)?.sources.loaded(id);
    },
    hotUpdate: {
      // After the other plugins: a framework reacts to a server module's change (React Router
      // updates the route that imports it in the browser) before the change is claimed.
      order: "post",
      handler(options) {
        for (const host of state.hosts) host.onHotUpdate(this.environment.name, options);
        // Generations replace the runner on every change: Vite must not re-import in place.
        if (state.isWorkerEnvironment(this.environment.name)) return [];
      },
    },
  };
}

/**
 * A framework's child compiler (React Router's, which loads this config again without any
 * `configureServer`) never runs the worker: it gets Vite's own runnable environment, as with
 * @cloudflare/vite-plugin.
 */
function createWorkerEnvironment(name: string, config: ResolvedConfig) {
  const served = config.plugins.some((plugin) => plugin.name === "kindling:dev-server" && plugin.configureServer !== undefined);
  return served ? new WorkerDevEnvironment(name, config) : createRunnableDevEnvironment(name, config);
}
