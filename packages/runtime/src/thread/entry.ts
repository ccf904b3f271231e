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
import type { HostUnitCaller } from "../protocol/host-units.js";
import { withTransfer } from "../protocol/channel.js";
import { threadContext } from "./context.js";
import { installGlobals, warmFetchClasses } from "./globals.js";
import { host, threadApi } from "./host-channel.js";
import { createEnvironmentRunners } from "./environment-runners.js";
import { deliverHotPayload } from "./runner-transport.js";
import { prefetchModuleBatch, receiveModuleBatch } from "./module-batch.js";
import { takeCodeCaches } from "./module-chunks.js";
import type { ModuleBatch } from "../protocol/module-batch.js";
import { installConsoleOutput } from "./console-output.js";
import { ExecutionContext } from "./execution-context.js";
import { abortThisIsolate } from "./abort-isolate.js";
import { createBindings } from "../bindings/registry.js";
import { systemClock } from "../storage/clock.js";
import { installCaches } from "./install-caches.js";
import { installGlobalScope } from "./scope/install-global-scope.js";
import { setRunnerUrl } from "./scope/reader.js";
import { runTrigger } from "./run-trigger.js";
import { Events } from "./events.js";
import { runFetchEvent } from "./fetch-event.js";
import { resolveCompatibility } from "../shared/compatibility.js";
import { Entrypoints } from "./entrypoints.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import type { LiveObjects } from "../bindings/durable-objects/index.js";
import { assertDurableObjectClasses, createRpcEndpoint, hostDurableObjects } from "./rpc-setup.js";
import { assertWorkflowClasses, preservesNonRetryableMessage, type WorkflowRunContext } from "../bindings/workflows/index.js";
import { noteOwnAddress } from "../web/sockets/own-address.js";
import { isServiceWorker, serviceWorkerNamespace } from "./service-worker/index.js";
import { installMemoryProbe } from "./memory-probe.js";
import { ctxExportsEnabled, fillCtxExports } from "./ctx-exports.js";
import { passByReference } from "../rpc/targets.js";
import { Tracing } from "./tracing.js";
import { flushTraces } from "./tracer.js";
import { enableTracing, traceFetch, traceIncomingRpc, traceTrigger } from "./trace-events.js";
import process from "node:process";
import { setImmediate } from "node:timers";

const data = workerData as ThreadData;
installGlobals();
installMemoryProbe();
threadContext.tracing = new Tracing();
installConsoleOutput();
setRunnerUrl(data.viteModuleRunnerUrl);
const vite = (await import(data.viteModuleRunnerUrl)) as typeof import("vite/module-runner");
await warmFetchClasses();

let namespace: Record<string, unknown> | undefined;
let persist = "";
let drained: (() => void) | undefined;
let rpc: RpcEndpoint | undefined;
let objects: LiveObjects | undefined;
let workflows: Omit<WorkflowRunContext, "namespace" | "env" | "ctx"> | undefined;
/** `enable_request_signal`: an incoming request's signal follows the client. */
let requestSignal = false;
/** Requests, triggers and service-binding calls in flight, and the waitUntil work they left. */
const events = new Events(checkDrained, (error) => host.notify("backgroundError", "waitUntil", toSerializedError(error)));
const track = (promise: Promise<unknown>) => events.track(promise);

function checkDrained(): void {
  if (!drained || !events.idle || (objects?.size ?? 0) > 0) return;
  const done = drained;
  drained = undefined;
  // On the next turn: every result already resolved is posted before "drained" (the channel posts in microtasks).
  setImmediate(() => (flushTraces(), done()));
}

process.on("unhandledRejection", (error) => host.notify("backgroundError", "unhandledRejection", toSerializedError(error)));
process.on("uncaughtException", (error) => host.notify("backgroundError", "uncaughtException", toSerializedError(error)));

async function start(config: GenerationConfig, modules?: ModuleBatch): Promise<void> {
  receiveModuleBatch(modules);
  const scope = installGlobalScope(config);
  const tracer = config.trace ? enableTracing() : undefined;
  rpc = createRpcEndpoint(config, tracer !== undefined);
  threadContext.waitUntil = (promise) => track(Promise.resolve(promise));
  threadContext.abortIsolate = (reason) => (flushTraces(), abortThisIsolate(reason));
  persist = config.persist;
  // Kindling-only (absent in production): which generation evaluated the user's code, for dev pages.
  Object.defineProperty(globalThis, Symbol.for("kindling.generation"), { value: config.generation });
  // A binding that fails to open is this generation's evaluation error, not a hang.
  installCaches(config.persist);
  const hostUnits: HostUnitCaller = { call: (kind, method, ...args) => host.call("unit", kind, method, args) as never };
  const bindings = createBindings(config.bindings, {
    persist: config.persist,
    workerName: config.workerName,
    clock: systemClock,
    rpc,
    host: hostUnits,
    ...(tracer ? { tracer } : {}),
  });
  for (const binding of Object.values(bindings)) if (typeof binding === "object" && binding !== null) passByReference(binding);
  Object.assign(threadContext.env, config.vars, bindings);
  const runner = createEnvironmentRunners(vite, config);
  namespace = (await runner.import(config.entry)) as Record<string, unknown>;
  if (isServiceWorker()) namespace = serviceWorkerNamespace(globalThis as never);
  scope.startupDone();
  assertDurableObjectClasses(config, namespace);
  assertWorkflowClasses(config.bindings, namespace);
  workflows = {
    host: hostUnits,
    generation: config.generation,
    bindings: config.bindings,
    preserveNonRetryable: preservesNonRetryableMessage(config.compatibilityDate, config.compatibilityFlags),
  };
  fillCtxExports(threadContext.exports, config, namespace, rpc);
  if (ctxExportsEnabled(config)) threadContext.ctxExports = { ...threadContext.exports };
  const exports = threadContext.ctxExports;
  objects = hostDurableObjects(rpc, config, namespace, { env: threadContext.env, exports }, track, checkDrained);
  requestSignal = resolveCompatibility(config.compatibilityDate, config.compatibilityFlags).request_signal;
  rpc.entrypoints = new Entrypoints({
    worker: config.workerName,
    namespace,
    env: threadContext.env,
    events,
    endpoint: rpc,
    requestSignal,
  });
}

/** A request from the dev server (`id` names it for `abort`). */
function handleFetch(id: number, wire: WireRequest): Promise<FetchAnswer> {
  return traceFetch(id, () => runFetch(id, wire));
}

async function runFetch(id: number, wire: WireRequest): Promise<FetchAnswer> {
  noteOwnAddress(wire.url);
  const context = {
    namespace: namespace!,
    env: threadContext.env,
    track,
    entrypoint: "default",
    props: {},
    passThrough: true,
    requestSignal,
  };
  const answer = await runFetchEvent(wire, events.begin(id), context);
  if (!codeCachesSent) setImmediate(sendCodeCaches);
  codeCachesSent = true;
  if (answer.type === "pass-through") return answer;
  return withTransfer({ type: "response", response: answer.response }, answer.transfer);
}

let codeCachesSent = false;

/** After the first request, when the functions it ran are compiled (the cache then holds them too); also when there are none. */
function sendCodeCaches(): void {
  const caches = takeCodeCaches().map(({ environment, id, data }) => ({ environment, chunk: id, data: new Uint8Array(data) }));
  // Each its own buffer, to move.
  host.notifyWith(
    "codeCaches",
    caches.map(({ data }) => data.buffer as ArrayBuffer),
    caches,
  );
}

/** A scheduled or email event: counted as in flight (drain waits for it), answered with its outcome. */
async function handleTrigger(event: TriggerEvent): Promise<TriggerResult> {
  const inflight = events.begin();
  const waitUntil: Promise<unknown>[] = [];
  const ctx = new ExecutionContext(
    (promise) => (waitUntil.push(promise), track(promise)),
    () => {},
    {},
  );
  try {
    return await runTrigger(event, {
      namespace: namespace!,
      env: threadContext.env,
      ctx,
      waitUntil,
      persist,
      workflows: workflows!,
    });
  } catch (error) {
    return { outcome: "exception", error: toSerializedError(error) };
  } finally {
    setImmediate(inflight.settle);
  }
}

Object.assign(threadApi, {
  start,
  prefetch: prefetchModuleBatch,
  fetch: handleFetch,
  trigger: (event) => traceTrigger(event, () => handleTrigger(event)),
  abort: (id, reason) => events.abort(id, reason),
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
  hot: deliverHotPayload,
} satisfies typeof threadApi);

host.notify("booted");
