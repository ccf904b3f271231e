/** Declares the worker's Vite environment and claims its file changes. */
import { builtinModules } from "node:module";
import { defaultServerConditions, type Plugin } from "vite";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import type { PluginState } from "./state.js";

const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`), /^node:/, /^cloudflare:/];

export function environmentPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:environment",
    config(userConfig, env) {
      const { environmentName, persistDir } = state.init(userConfig, env);
      const server = { watch: { ignored: persistDir ? [`${persistDir}/**`] : [] } };
      // An assets-only project (no "main") has no worker: Vite's client and the assets are the app.
      if (state.workerConfig.main === undefined) return { appType: "custom", server };
      return {
        appType: "custom",
        server,
        environments: {
          [environmentName]: {
            consumer: "server",
            resolve: { builtins, conditions: ["workerd", "worker", ...defaultServerConditions] },
            dev: { createEnvironment: (name, config) => new WorkerDevEnvironment(name, config, { hot: false }) },
          },
        },
      };
    },
    // Generations replace the runner on every change: Vite must not re-import in place.
    hotUpdate() {
      if (this.environment.name === state.environmentName) return [];
    },
  };
}
