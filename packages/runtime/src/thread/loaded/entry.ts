/**
 * Entry of a worker loaded with the Worker Loader (a thread the parent generation started): Workers
 * globals, the env the parent handed over (its stubs call back through the parent), the modules
 * evaluated by module-graph.ts, and its entrypoints served like a service binding's.
 */
import { resolveCompatibility } from "../../shared/compatibility.js";
import { parentPort } from "node:worker_threads";
import { createChannel } from "../../protocol/channel.js";
import type { LoadedWorkerApi, LoadedWorkerStart, LoaderParentApi } from "../../protocol/loader.js";
import { RpcEndpoint } from "../../rpc/endpoint.js";
import { isRpcTarget } from "../../rpc/targets.js";
import { threadContext } from "../context.js";
import { Entrypoints } from "../entrypoints.js";
import { Events } from "../events.js";
import { installGlobals } from "../globals.js";
import { evaluateModules } from "./module-graph.js";
import { traceEvent } from "./tail-events.js";
import { FacetObjects } from "./facet-objects.js";
import { loadDatabaseDriver } from "../../storage/database.js";

installGlobals();
const local = {} as LoadedWorkerApi;
const parent = createChannel<LoaderParentApi>(parentPort!, local);
let endpoint: RpcEndpoint | undefined;
let tails = false;
const events = new Events(
  () => {},
  (error) => console.error("Uncaught (in promise)", error),
);

async function start(config: LoadedWorkerStart): Promise<void> {
  const rpc = new RpcEndpoint({
    worker: config.worker,
    generation: 1,
    call: (address, operation, transfer) => parent.callWith("rpc", transfer, address, operation),
    isRpcTarget,
  });
  endpoint = rpc;
  tails = config.tails;
  const { env, globalOutbound } = rpc.decodeValue(config.encoded) as { env: Record<string, unknown>; globalOutbound: unknown };
  Object.assign(threadContext.env, env);
  threadContext.waitUntil = (promise) => events.track(Promise.resolve(promise));
  threadContext.abortIsolate = (reason) => {
    parent.notify("abortIsolate", reason);
    throw new Error(reason);
  };
  installOutbound(globalOutbound);
  // No way to the host's process from the loaded code (the runtime captured what it needs: the
  // SQLite driver of facets' storage reads `process` as it loads).
  loadDatabaseDriver();
  delete (globalThis as { process?: unknown }).process;
  let namespace: Record<string, unknown>;
  try {
    namespace = await evaluateModules(config.modules, config.mainModule);
  } catch (error) {
    throw startFailure(error);
  }
  const { request_signal: requestSignal } = resolveCompatibility(config.compatibilityDate, config.compatibilityFlags);
  rpc.entrypoints = new Entrypoints({
    worker: config.worker,
    namespace,
    env: threadContext.env,
    events,
    endpoint: rpc,
    requestSignal,
  });
  rpc.objects = new FacetObjects({
    namespace,
    env: threadContext.env,
    execute: (receiver, operation) => rpc.execute(receiver, operation),
    fail: (error) => rpc.failure(error),
    track: (promise) => events.track(promise),
  });
}

/** `globalOutbound`: null cuts fetch() off (workerd's wording); a Fetcher takes every fetch(); absent keeps fetch(). */
function installOutbound(outbound: unknown): void {
  if (outbound === undefined) return;
  const g = globalThis as { fetch: typeof fetch };
  if (outbound === null) {
    g.fetch = () =>
      Promise.reject(
        new Error(
          "This worker is not permitted to access the internet via global functions like fetch(). It must use " +
            "capabilities (such as bindings in 'env') to talk to the outside world.",
        ),
      );
    return;
  }
  const fetcher = outbound as { fetch: typeof fetch };
  g.fetch = (input, init) => fetcher.fetch(input, init);
}

/** workerd's wording for code that fails to start: the error, and where for a syntax error. */
function startFailure(error: unknown): Error {
  const inner = error instanceof Error ? error : new Error(String(error));
  const location = (inner as { location?: string }).location;
  return new Error(`Failed to start Worker:\nUncaught ${inner.name}: ${inner.message}${location ? `\n  at ${location}` : ""}`);
}

Object.assign(local, {
  start,
  rpc: (address, operation) => {
    const receiver = endpoint;
    if (!receiver) throw new Error("[kindling] internal: a call reached a loaded worker before it started.");
    const run = () => receiver.receive(address, operation);
    return tails ? traceEvent(address, operation, run, (item) => parent.notify("trace", item)) : run();
  },
  ping: async () => {},
} satisfies LoadedWorkerApi);
