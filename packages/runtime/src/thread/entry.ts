/**
 * Entry of a generation's worker thread. Boots as a warm standby (globals installed, Vite's
 * module runner and undici loaded), then on `start` imports the user's entry once and serves
 * events until the host drains or terminates it. Everything it exchanges with the host goes
 * through the one channel (host-channel.ts): the host calls `threadApi`, the thread calls `host`.
 */
import { workerData } from "node:worker_threads";
import type {
  FetchAnswer,
  GenerationConfig,
  ThreadData,
  TriggerEvent,
  TriggerResult,
  WireRequest,
} from "../protocol/messages.js";
import { toSerializedError } from "../protocol/errors.js";
import { withTransfer } from "../protocol/channel.js";
import { threadContext } from "./context.js";
import { installGlobals, warmFetchClasses } from "./globals.js";
import { host, threadApi } from "./host-channel.js";
import { createRunner } from "./runner.js";
import { ExecutionContext } from "./execution-context.js";
import { findHandler } from "./handlers.js";
import { abortThisIsolate } from "./abort-isolate.js";
import { createBindings } from "../bindings/registry.js";
import { systemClock } from "../storage/clock.js";
import { installCaches } from "./install-caches.js";
import { toWireResponse } from "../web/wire-response.js";
import { fromWireRequest } from "../web/wire-request.js";
import { incomingCf } from "../web/request-cf.js";
import { runTrigger } from "./run-trigger.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import type { LiveObjects } from "../bindings/durable-objects/index.js";
import { assertDurableObjectClasses, createRpcEndpoint, hostDurableObjects } from "./rpc-setup.js";
import { installMemoryProbe } from "./memory-probe.js";
import { Tracing } from "./tracing.js";
import { flushTraces } from "./tracer.js";
import { enableTracing, traceFetch, traceIncomingRpc, traceTrigger } from "./trace-events.js";

const data = workerData as ThreadData;
installGlobals();
installMemoryProbe();
threadContext.tracing = new Tracing();
const vite = (await import(data.viteModuleRunnerUrl)) as typeof import("vite/module-runner");
await warmFetchClasses();

let namespace: Record<string, unknown> | undefined;
let persist = "";
/** Requests and triggers in flight, by the host's id (`abort` names them). */
const inflight = new Map<number, AbortController>();
const background = new Set<Promise<unknown>>();
let drained: (() => void) | undefined;
let rpc: RpcEndpoint | undefined;
let objects: LiveObjects | undefined;
let nextTriggerId = -1;

function track(promise: Promise<unknown>): void {
  const tracked = promise.then(
    () => {},
    (error) => host.notify("backgroundError", "waitUntil", toSerializedError(error)),
  );
  background.add(tracked);
  void tracked.finally(() => (background.delete(tracked), checkDrained()));
}

function checkDrained(): void {
  if (!drained || inflight.size > 0 || background.size > 0 || (objects?.size ?? 0) > 0) return;
  const done = drained;
  drained = undefined;
  // On the next turn: every result already resolved is posted before "drained" (the channel posts in microtasks).
  setImmediate(() => (flushTraces(), done()));
}

process.on("unhandledRejection", (error) => host.notify("backgroundError", "unhandledRejection", toSerializedError(error)));
process.on("uncaughtException", (error) => host.notify("backgroundError", "uncaughtException", toSerializedError(error)));

async function start(config: GenerationConfig): Promise<void> {
  const tracer = config.trace ? enableTracing() : undefined;
  rpc = createRpcEndpoint(config.generation, tracer !== undefined);
  threadContext.waitUntil = (promise) => track(Promise.resolve(promise));
  threadContext.abortIsolate = (reason) => (flushTraces(), abortThisIsolate(reason));
  persist = config.persist;
  // Kindling-only (absent in production): which generation evaluated the user's code, for dev pages.
  Object.defineProperty(globalThis, Symbol.for("kindling.generation"), { value: config.generation });
  // A binding that fails to open is this generation's evaluation error, not a hang.
  installCaches(config.persist);
  const bindings = createBindings(config.bindings, {
    persist: config.persist,
    workerName: config.workerName,
    clock: systemClock,
    rpc,
    host: { call: (kind, method, ...args) => host.call("unit", kind, method, args) as never },
    ...(tracer ? { tracer } : {}),
  });
  Object.assign(threadContext.env, config.vars, bindings);
  const runner = createRunner(vite, config);
  namespace = (await runner.import(config.entry)) as Record<string, unknown>;
  assertDurableObjectClasses(config, namespace);
  objects = hostDurableObjects(rpc, config, namespace, threadContext.env, track, checkDrained);
}

function handleFetch(id: number, wire: WireRequest): Promise<FetchAnswer> {
  return traceFetch(id, () => runFetch(id, wire));
}

async function runFetch(id: number, wire: WireRequest): Promise<FetchAnswer> {
  const controller = new AbortController();
  inflight.set(id, controller);
  const settle = () => {
    if (inflight.delete(id)) checkDrained();
  };
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const ctx = new ExecutionContext(track, (reason) => controller.abort(reason), {});
  try {
    // Inside the try: a request that cannot be built is answered with its error and settles,
    // instead of hanging its client and keeping a retiring generation alive until the drain timeout.
    const request = fromWireRequest(wire, { signal: controller.signal, cf: incomingCf });
    const handler = findHandler(namespace!, "fetch", threadContext.env, ctx);
    if (!handler) throw new Error("Handler does not export a fetch() function.");
    const answer = await Promise.race([handler(request), aborted]);
    // Settled once the response is posted (next turn) and its body fully read: never before.
    let posted = false;
    let bodyDone = false;
    const { response, transfer } = await toWireResponse(answer, () => {
      bodyDone = true;
      if (posted) settle();
    });
    setImmediate(() => {
      posted = true;
      if (bodyDone) settle();
    });
    return withTransfer({ type: "response", response }, transfer);
  } catch (error) {
    setImmediate(settle);
    if (ExecutionContext.passesThrough(ctx)) return { type: "pass-through" };
    throw error;
  }
}

/** A scheduled or email event: counted as in flight (drain waits for it), answered with its outcome. */
async function handleTrigger(event: TriggerEvent): Promise<TriggerResult> {
  const id = nextTriggerId--;
  inflight.set(id, new AbortController());
  const waitUntil: Promise<unknown>[] = [];
  const ctx = new ExecutionContext(
    (promise) => (waitUntil.push(promise), track(promise)),
    () => {},
    {},
  );
  try {
    return await runTrigger(event, { namespace: namespace!, env: threadContext.env, ctx, waitUntil, persist });
  } catch (error) {
    return { outcome: "exception", error: toSerializedError(error) };
  } finally {
    setImmediate(() => inflight.delete(id) && checkDrained());
  }
}

Object.assign(threadApi, {
  start,
  fetch: handleFetch,
  trigger: (event) => traceTrigger(event, () => handleTrigger(event)),
  abort: (id, reason) => inflight.get(id)?.abort(new Error(reason)),
  rpc: (address, operation) => {
    if (!rpc) throw new Error("[kindling] internal: an RPC call reached a generation that has not started.");
    return traceIncomingRpc(address, operation, () => rpc!.receive(address, operation));
  },
  drain: () =>
    new Promise<void>((resolve) => {
      drained = resolve;
      objects?.drain();
      checkDrained();
    }),
  ping: async () => {},
  hibernation: (key, update) => objects?.onHibernation(key, update),
} satisfies typeof threadApi);

host.notify("booted");
