/**
 * Entry of a generation's worker thread. Boots as a warm standby (globals installed, Vite's
 * module runner and undici loaded), then on "start" imports the user's entry once and serves
 * events until the host drains or terminates it.
 */
import { workerData } from "node:worker_threads";
import type { GenerationConfig, HostMessage, ThreadData, TriggerEvent, WireRequest } from "../protocol/messages.js";
import { toSerializedError } from "../protocol/errors.js";
import { threadContext } from "./context.js";
import { installGlobals, warmFetchClasses } from "./globals.js";
import { onHostMessage, post, settleInvoke } from "./host-port.js";
import { createRunner } from "./runner.js";
import { ExecutionContext } from "./execution-context.js";
import { findHandler } from "./handlers.js";
import { abortThisIsolate } from "./abort-isolate.js";
import { incomingCf } from "../web/request-cf.js";
import { createBindings } from "../bindings/registry.js";
import { systemClock } from "../storage/clock.js";
import { installCaches } from "./install-caches.js";
import { toWireResponse } from "../web/wire-response.js";
import { runTrigger } from "./run-trigger.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import type { ObjectHost } from "../bindings/durable-objects/index.js";
import { assertDurableObjectClasses, createRpcEndpoint, hostDurableObjects } from "./rpc-setup.js";
import { installMemoryProbe } from "./memory-probe.js";

const data = workerData as ThreadData;
installGlobals();
installMemoryProbe();
const vite = (await import(data.viteModuleRunnerUrl)) as typeof import("vite/module-runner");
await warmFetchClasses();

let namespace: Record<string, unknown> | undefined;
let persist: string | false = false;
const inflight = new Map<number, AbortController>();
const background = new Set<Promise<unknown>>();
let draining = false;
let rpc: RpcEndpoint | undefined;
let objects: ObjectHost | undefined;

function track(promise: Promise<unknown>): void {
  const tracked = promise.then(
    () => {},
    (error) => post({ type: "background-error", source: "waitUntil", error: toSerializedError(error) }),
  );
  background.add(tracked);
  void tracked.finally(() => (background.delete(tracked), checkDrained()));
}

function checkDrained(): void {
  if (draining && inflight.size === 0 && background.size === 0 && (objects?.size ?? 0) === 0) post({ type: "drained" });
}

process.on("unhandledRejection", (error) =>
  post({ type: "background-error", source: "unhandledRejection", error: toSerializedError(error) }),
);
process.on("uncaughtException", (error) =>
  post({ type: "background-error", source: "uncaughtException", error: toSerializedError(error) }),
);

async function start(config: GenerationConfig): Promise<void> {
  rpc = createRpcEndpoint(config.generation);
  threadContext.waitUntil = (promise) => track(Promise.resolve(promise));
  threadContext.abortIsolate = abortThisIsolate;
  persist = config.persist;
  // Kindling-only (absent in production): which generation evaluated the user's code, for dev pages.
  Object.defineProperty(globalThis, Symbol.for("kindling.generation"), { value: config.generation });
  try {
    // Inside the try: a binding that fails to open is this generation's error, not a hang.
    installCaches(config.persist);
    const bindings = createBindings(config.bindings, {
      persist: config.persist,
      workerName: config.workerName,
      clock: systemClock,
      rpc,
    });
    Object.assign(threadContext.env, config.vars, bindings);
    const runner = createRunner(vite, config);
    namespace = (await runner.import(config.entry)) as Record<string, unknown>;
    assertDurableObjectClasses(config, namespace);
    objects = hostDurableObjects(rpc, config, namespace, threadContext.env, track, checkDrained);
    post({ type: "ready" });
  } catch (error) {
    post({ type: "failed", error: toSerializedError(error) });
  }
}

async function handleFetch(id: number, wire: WireRequest): Promise<void> {
  const controller = new AbortController();
  inflight.set(id, controller);
  let settled = false;
  const settle = () => {
    if (settled) return;
    settled = true;
    inflight.delete(id);
    checkDrained();
  };
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  const ctx = new ExecutionContext(track, (reason) => controller.abort(reason), {});
  try {
    // Inside the try: a request that cannot be built is answered with its error and settles,
    // instead of hanging its client and keeping a retiring generation alive until the drain timeout.
    const request = new Request(wire.url, {
      method: wire.method,
      headers: wire.headers,
      body: wire.body,
      signal: controller.signal,
      // @ts-expect-error undici needs duplex for stream bodies; not in the DOM typings
      duplex: "half",
    });
    Object.defineProperty(request, "cf", { value: incomingCf, enumerable: false });
    const handler = findHandler(namespace!, "fetch", threadContext.env, ctx);
    if (!handler) throw new Error("Handler does not export a fetch() function.");
    const answer = await Promise.race([handler(request), aborted]);
    // The request is settled once its response is posted and its body fully read, in that order:
    // "drained" must never overtake the response it waited for.
    let posted = false;
    let bodyDone = false;
    const { response, transfer } = await toWireResponse(answer, () => {
      bodyDone = true;
      if (posted) settle();
    });
    post({ type: "response", id, response }, transfer);
    posted = true;
    if (bodyDone) settle();
  } catch (error) {
    if (ExecutionContext.passesThrough(ctx)) post({ type: "pass-through", id });
    else post({ type: "fetch-error", id, error: toSerializedError(error) });
    settle();
  }
}

/** A scheduled or email event: counted as in flight (drain waits for it), answered with its outcome. */
async function handleTrigger(id: number, event: TriggerEvent): Promise<void> {
  inflight.set(id, new AbortController());
  const waitUntil: Promise<unknown>[] = [];
  const ctx = new ExecutionContext(
    (promise) => (waitUntil.push(promise), track(promise)),
    () => {},
    {},
  );
  try {
    const result = await runTrigger(event, { namespace: namespace!, env: threadContext.env, ctx, waitUntil, persist });
    post({ type: "trigger-result", id, result });
  } catch (error) {
    post({ type: "trigger-result", id, result: { outcome: "exception", error: toSerializedError(error) } });
  } finally {
    inflight.delete(id);
    checkDrained();
  }
}

onHostMessage((message: HostMessage) => {
  switch (message.type) {
    case "start":
      void start(message.config);
      break;
    case "fetch":
      void handleFetch(message.id, message.request);
      break;
    case "trigger":
      void handleTrigger(message.id, message.event);
      break;
    case "abort":
      inflight.get(message.id)?.abort(new Error(message.reason));
      break;
    case "invoke-result":
      settleInvoke(message.id, message.result);
      break;
    case "rpc-call":
    case "rpc-result":
      rpc?.onMessage(message);
      break;
    case "drain":
      draining = true;
      objects?.drain();
      checkDrained();
      break;
    case "ping":
      post({ type: "pong", seq: message.seq });
      break;
    case "hibernation":
      objects?.onHibernation(message.key, message.update);
      break;
  }
});

post({ type: "booted" });
