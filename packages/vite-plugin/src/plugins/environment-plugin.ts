/** Declares the workers' Vite environments and claims their file changes. */
import { builtinModules } from "node:module";
import { defaultServerConditions, type EnvironmentOptions, type Plugin, type ResolvedConfig } from "vite";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import type { PluginState } from "./state.js";

const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), /^node:/, /^cloudflare:/];

export function environmentPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:environment",
    config(userConfig, env) {
      const { environmentNames, persistDir } = state.init(userConfig, env);
      const server = { watch: { ignored: persistDir ? [`${persistDir}/**`] : [] } };
      // An assets-only project (no "main") has no worker: Vite's client and the assets are the app.
      if (state.workerConfig.main === undefined) return { appType: "custom", server };
      const environment = {
        consumer: "server",
        resolve: { builtins, conditions: ["workerd", "worker", ...defaultServerConditions] },
        dev: {
          createEnvironment: (name: string, config: ResolvedConfig) => new WorkerDevEnvironment(name, config, { hot: false }),
        },
      } satisfies EnvironmentOptions;
      return {
        appType: "custom",
        server,
        // One environment per worker: the main one and each of `auxiliaryWorkers`.
        environments: Object.fromEntries(environmentNames.map((name) => [name, environment])),
      };
    },
    // Generations replace the runner on every change: Vite must not re-import in place.
    hotUpdate() {
      if (state.isWorkerEnvironment(this.environment.name)) return [];
    },
  };
}
