/** Declares the workers' Vite environments (each worker's own and its child ones) and claims their file changes. */
import { builtinModules } from "node:module";
import {
  createRunnableDevEnvironment,
  defaultServerConditions,
  type EnvironmentOptions,
  type Plugin,
  type ResolvedConfig,
} from "vite";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import type { PluginState } from "./state.js";
import { processEnvDefine } from "./process-env-define.js";

const cloudflareModules = [
  "cloudflare:email",
  "cloudflare:node",
  "cloudflare:pipelines",
  "cloudflare:sockets",
  "cloudflare:workers",
  "cloudflare:workflows",
];
// `kindling:compiled-wasm`: the runtime's compiler of `.wasm` imports (module-rules-plugin.ts).
const builtins = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  /^node:/,
  /^cloudflare:/,
  "kindling:compiled-wasm",
];

/**
 * Dependencies Vite leaves to Node (node_modules) are still resolved as workerd sees them: their
 * entry by the conditions the official plugin bundles with (`workerd`, `worker`, `browser`; not
 * Node's `node`), so a package with a Workers build runs that build in dev as in production.
 * (`module` is left out: its files are written for bundlers, and Node imports these natively.)
 */
const externalConditions = ["workerd", "worker", "browser", "development|production"];

export function environmentPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:environment",
    config(userConfig, env) {
      const { persistDir } = state.init(userConfig, env);
      const server = { watch: { ignored: persistDir ? [`${persistDir}/**`] : [] } };
      // An assets-only project (no "main") has no worker: Vite's client and the assets are the app.
      if (state.workerConfig.main === undefined) return { appType: "custom", server };
      const worker = (config: Parameters<typeof processEnvDefine>[0]): EnvironmentOptions => ({
        consumer: "server",
        define: processEnvDefine(config, env.mode),
        resolve: { builtins, conditions: ["workerd", "worker", ...defaultServerConditions], externalConditions },
        // A generation keeps the optimized dependencies it loaded; a re-optimization must not fail its later imports.
        optimizeDeps: { ignoreOutdatedRequests: true },
        dev: { createEnvironment: createWorkerEnvironment },
      });
      return {
        appType: "custom",
        server,
        environments: {
          // One environment per worker (the main one and each of `auxiliaryWorkers`), and per child environment.
          ...Object.fromEntries(
            state.workers.flatMap((w) => [w.environmentName, ...w.childEnvironments].map((name) => [name, worker(w.config)])),
          ),
          // Route modules shared with the browser import cloudflare:*: without this, the client's
          // dependency scan fails, and dependencies found later reload the page while it hydrates.
          client: { optimizeDeps: { exclude: cloudflareModules } },
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
