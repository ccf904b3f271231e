/**
 * The transport of a generation's ModuleRunners, over the one channel to the host: Vite's invokes
 * (fetchModule, getBuiltins) and the environment's hot channel, so that `import.meta.hot.on` /
 * `import.meta.hot.send` reach plugins' `environment.hot` and back. Only custom events reach a
 * runner: HMR updates are never applied in place (a change builds a new generation).
 */
import type { ModuleRunnerTransport } from "vite/module-runner";
import type { HotPayload } from "../protocol/messages.js";
import { host } from "./host-channel.js";
import { answerFromBatch, noteFetched } from "./module-batch.js";

const listeners = new Map<string, (payload: HotPayload) => void>();

export function createRunnerTransport(environment: string): ModuleRunnerTransport {
  return {
    invoke: (payload) => {
      const local = answerFromBatch(environment, payload);
      if (local) return Promise.resolve(local);
      const answer = host.call("invoke", environment, payload) as Promise<{ result: unknown }>;
      return answer.then((value) => (noteFetched(environment, payload, value), value));
    },
    connect({ onMessage }) {
      listeners.set(environment, onMessage as (payload: HotPayload) => void);
      host.notify("hotConnect", environment);
    },
    disconnect() {
      listeners.delete(environment);
    },
    // JSON, as over Vite's WebSocket: what a plugin receives is what it would from a browser.
    send: (payload) => host.notify("hot", environment, toJson(payload as HotPayload)),
  };
}

/** A message of the environment's hot channel on the host, for the runner's `import.meta.hot.on` listeners. */
export function deliverHotPayload(environment: string, payload: HotPayload): void {
  if (payload.type === "custom") listeners.get(environment)?.(payload);
}

function toJson(payload: HotPayload): HotPayload {
  return JSON.parse(JSON.stringify(payload)) as HotPayload;
}
