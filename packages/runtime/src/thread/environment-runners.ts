/**
 * A generation's ModuleRunners: the worker's environment, and one per `childEnvironments` entry
 * (a framework's second server environment, e.g. React Server Components), reached from user code
 * as with @cloudflare/vite-plugin: `globalThis.__VITE_ENVIRONMENT_RUNNER_IMPORT__(environment, id)`.
 */
import type { GenerationConfig } from "../protocol/messages.js";
import { createRunner } from "./runner.js";
import { createRunnerTransport } from "./runner-transport.js";
import { installChunkStackTraces } from "./chunk-stack.js";

type ModuleRunnerModule = typeof import("vite/module-runner");

export function createEnvironmentRunners(vite: ModuleRunnerModule, config: GenerationConfig) {
  const main = createRunner(vite, config, config.environment, createRunnerTransport(config.environment));
  // Around the source-map interceptor the first runner installed.
  installChunkStackTraces();
  if (config.childEnvironments.length === 0) return main;
  const runners = new Map([[config.environment, main]]);
  for (const name of config.childEnvironments) runners.set(name, createRunner(vite, config, name, createRunnerTransport(name)));
  Object.defineProperty(globalThis, "__VITE_ENVIRONMENT_RUNNER_IMPORT__", {
    configurable: true,
    writable: true,
    value: (environment: string, id: string): Promise<unknown> => {
      const runner = runners.get(environment);
      if (!runner) {
        const known = [...runners.keys()].map((name) => `"${name}"`).join(", ");
        throw new Error(
          `[kindling] There is no module runner for the Vite environment "${environment}" in this worker (it has ${known}). ` +
            `Add it to viteEnvironment.childEnvironments in kindling() options.`,
        );
      }
      return runner.import(id);
    },
  });
  return main;
}
