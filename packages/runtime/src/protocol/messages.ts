/** Messages between the host (Vite's main thread) and a generation's worker thread. */
import type { MessagePort } from "node:worker_threads";
import type { SerializedError } from "./errors.js";
import type { BindingDescriptor } from "./bindings.js";
import type { HibernatableSocketEvent, HibernationChange, HibernationUpdate } from "./hibernation.js";
import type { QueueDeliveredMessage, QueueMetrics, QueueVerdict } from "./queues.js";
import type { WorkflowRunEvent } from "./workflows.js";
import type { TraceBatch } from "./trace.js";
import type { ChunkCodeCache, ModuleBatch } from "./module-batch.js";

export type * from "./hibernation.js";
export type * from "./trace.js";

export type HeaderPairs = [name: string, value: string][];
/**
 * A body crosses threads as one transferred ArrayBuffer when complete, else as a transferred stream;
 * a response built from a string, untouched since, crosses as that string.
 */
export type WireBody = ArrayBuffer | string | ReadableStream<Uint8Array> | null;

export interface WireRequest {
  method: string;
  url: string;
  headers: HeaderPairs;
  body: WireBody;
  /** From the dev server: the Accept-Encoding the client sent, which the edge replaces (`request.cf.clientAcceptEncoding`). */
  clientAcceptEncoding?: string;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: HeaderPairs;
  body: WireBody;
  /** Status 101: the worker's WebSocket, bridged over this port as `WebSocketFrame`s both ways. */
  webSocket?: MessagePort;
  /** The socket's peer was accepted with `ctx.acceptWebSocket`: the host keeps it open across reloads. */
  hibernatable?: boolean;
}

/** One WebSocket event crossing a thread boundary. */
export type WebSocketFrame =
  | { type: "message"; data: string | ArrayBuffer }
  | { type: "close"; code: number; reason: string; wasClean: boolean };

/** An event for the worker's handlers other than fetch (the /cdn-cgi triggers, cron, the queue broker). */
export type TriggerEvent =
  | { type: "scheduled"; cron: string; scheduledTime: number }
  | { type: "email"; from: string; to: string; raw: ArrayBuffer }
  | { type: "queue"; queue: string; messages: QueueDeliveredMessage[]; metrics: QueueMetrics }
  | WorkflowRunEvent;

export type TriggerResult =
  | { outcome: "no-handler" }
  /** The event never reached the handler (e.g. an unparsable email); `message` says why. */
  | { outcome: "invalid"; message: string }
  | {
      outcome: "ok" | "exception";
      error?: SerializedError;
      noRetry?: boolean;
      /** email only */
      rejectReason?: string;
      forwards?: { rcptTo: string; headers: HeaderPairs }[];
      replies?: { from: string; to: string; messageId: string; file: string }[];
      /** queue only: the handler's ack and retry calls */
      verdict?: QueueVerdict;
    };

/** What a generation needs to evaluate the user's code; sent once, when a standby thread is started. */
export interface GenerationConfig {
  generation: number;
  workerName: string;
  /** URL the ModuleRunner imports (the entry as Vite sees it). */
  entry: string;
  vars: Record<string, unknown>;
  bindings: BindingDescriptor[];
  /** Directory of binding state (a private one in RAM for `persist: false`). */
  persist: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /**
   * The Durable Object classes this worker defines (its migrations): instances of these live in
   * its generations, whether this worker binds them or another worker does (`script_name`).
   */
  durableObjectClasses: DurableObjectClass[];
  /**
   * Directory of this worker's own state (its Durable Objects and their alarms): `persist` for
   * the entry worker, a folder of its own under it for an auxiliary worker.
   */
  ownState: string;
  /** Report spans, console lines and events for the explorer's request traces (`trace` events). */
  trace?: boolean;
  /** Internal (tests): ms an idle Durable Object stays in memory; production's 70 s when absent. */
  durableObjectIdleTimeout?: number;
  /** The Vite environment of the entry's ModuleRunner. */
  environment: string;
  /**
   * More Vite environments whose modules run in this generation, each in its own ModuleRunner
   * (`viteEnvironment.childEnvironments`); user code imports from them with
   * `globalThis.__VITE_ENVIRONMENT_RUNNER_IMPORT__(environment, id)`.
   */
  childEnvironments: string[];
}

/** A Durable Object class defined by a worker's migrations. */
export interface DurableObjectClass {
  className: string;
  /** Folder under `<ownState>/do/` of its objects: the name it was created under (renames keep it). */
  storageName: string;
  /** Created by `new_sqlite_classes` (SQL API available) rather than `new_classes`. */
  sqlite: boolean;
}

/** Data passed to a booting thread before it knows which generation it will be. */
export interface ThreadData {
  viteModuleRunnerUrl: string;
}

/**
 * A message of a Vite environment's hot channel (Vite's `HotPayload`, JSON-safe). Between a
 * generation's runner and the host only `custom` events travel: plugins' `environment.hot.send`
 * and the worker's `import.meta.hot.send`; a change never updates a runner in place.
 */
export interface HotPayload {
  type: string;
  event?: string;
  data?: unknown;
}

/** The level of a line the worker wrote: `console.warn` is "warn"; the rest of stderr "error"; stdout "info". */
export type LogLevel = "info" | "warn" | "error";

/**
 * Where an RPC call goes. Every address names the worker that holds the receiver (the host routes
 * between the workers of one dev server, and to workers of other dev servers by name):
 * - `object`: a Durable Object of that worker (placed by its host's directory);
 * - `export`: an object one of its generations exported (a stub passed in a value);
 * - `entrypoint`: a `WorkerEntrypoint` of its current generation (`export`: its export name,
 *   "default" for the default export), as service bindings reach it; `props` become `ctx.props`.
 */
export type RpcAddress =
  | {
      kind: "object";
      worker: string;
      storageName: string;
      id: string;
      name?: string;
      /** A facet (`ctx.facets`): its own SQLite file; `storageName` is its class in the loaded worker `worker`. */
      database?: string;
    }
  | { kind: "export"; worker: string; generation: number; export: number }
  | { kind: "entrypoint"; worker: string; entrypoint: string; props?: Record<string, unknown> };

/**
 * What an RPC call does. `args` and results are encoded by protocol/rpc-codec.ts; `streams` lists
 * the streams inside them (also a Request's or Response's body), moved with the message.
 * `dup` counts one more holder of an export, `release` one fewer (the last runs its disposer).
 */
export type RpcOperation =
  | { op: "call"; path: string[]; args: unknown[]; streams?: Transferable[]; pipelined?: PipelinedCall[] }
  | { op: "get"; path: string[] }
  | { op: "fetch"; request: WireRequest }
  | { op: "alarm"; scheduledTime: number; retryCount: number }
  | { op: "websocket"; socket: string; event: HibernatableSocketEvent }
  | { op: "dup" }
  | { op: "release" };

export type RpcOutcome =
  | { ok: true; value: unknown; streams?: Transferable[]; pipelined?: PipelinedOutcome[] }
  | { ok: true; response: WireResponse }
  | { ok: false; error: unknown };

/**
 * Promise pipelining, as workerd does it: a call or property read on the result of an earlier call
 * of the same message (`on`: 0 is the message's own call, n the n-th of its `pipelined`), sent
 * with it before that result exists. `path` is relative to that result; `args` encoded as a call's
 * (the message's `streams` lists the streams of all of them).
 */
export interface PipelinedCall {
  on: number;
  op: "call" | "get";
  path: string[];
  args: unknown[];
}

/** The outcome of each pipelined call, in order (their streams are in the message outcome's `streams`). */
export type PipelinedOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** The address of a Durable Object. */
export type ObjectAddress = RpcAddress & { kind: "object" };
/** The address of a worker's entrypoint (a service binding's target). */
export type EntrypointAddress = RpcAddress & { kind: "entrypoint" };

/** Where an error outside any request's response came from. */
export type BackgroundErrorSource = "waitUntil" | "unhandledRejection" | "uncaughtException";

/** A generation's answer to a request: a response, or "let the next middleware answer" (`passThroughOnException`). */
export type FetchAnswer = { type: "response"; response: WireResponse } | { type: "pass-through" };

/**
 * What the host offers a generation's thread, over the one channel between them (protocol/channel.ts).
 * Methods returning a promise are calls; the others are events.
 */
export type HostApi = {
  /** The thread has loaded the runtime and waits as a standby. */
  booted(): void;
  /** Vite's module-runner invoke (fetchModule, getBuiltins), answered by the named Vite environment. */
  invoke(environment: string, payload: unknown): Promise<unknown>;
  /**
   * V8's code caches of the planned module chunks this generation compiled without one
   * (protocol/module-batch.ts), for the next generations. Sent once, after the first request, also when empty.
   */
  codeCaches(caches: ChunkCodeCache[]): void;
  /** The environment's ModuleRunner connected its hot channel (`vite:client:connect` on the host). */
  hotConnect(environment: string): void;
  /** A message from the runner's hot channel (`import.meta.hot.send`) for the environment's listeners. */
  hot(environment: string, payload: HotPayload): void;
  /** An RPC call from this generation to a receiver elsewhere (a Durable Object, another generation's export). */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** A Durable Object instance was dropped; `delivered` counts the calls the host sent it, to spot a stale release. */
  objectReleased(key: string, delivered: number): void;
  /** `storage.setAlarm` / `deleteAlarm` (time null) of an object, for the host's alarm scheduler. */
  alarmSet(address: ObjectAddress, time: number | null): void;
  /** A change to an object's hibernatable WebSockets (`ctx.acceptWebSocket`), kept by the host. */
  hibernation(address: ObjectAddress, change: HibernationChange): void;
  /** A binding's runtime unit calls its host unit (protocol/host-units.ts). */
  unit(kind: string, method: string, args: unknown[]): Promise<unknown>;
  abortIsolate(reason: string): void;
  /** Text the worker wrote (`console.*`, `process.stdout` / `stderr`), for Vite's logger. */
  log(level: LogLevel, text: string): void;
  /** Spans, console lines and events of this generation since the last batch (explorer traces). */
  trace(batch: TraceBatch): void;
  backgroundError(source: BackgroundErrorSource, error: SerializedError): void;
};

/** What a generation's thread offers the host. */
export type ThreadApi = {
  /**
   * Imports the user's entry; rejects with the evaluation error. `modules`: the host's fetchModule
   * answers for modules the last generation imported, up to date (the runners ask only for the rest).
   */
  start(config: GenerationConfig, modules?: ModuleBatch): Promise<void>;
  /**
   * To a standby, before the change that will start it: the batch the current generation would
   * get now, to compile ahead. The start's batch then only says what differs (`EnvironmentBatch.delta`).
   */
  prefetch(modules: ModuleBatch): void;
  /** Runs the worker's fetch handler; `id` names the request for `abort`. Rejects with the handler's error. */
  fetch(id: number, request: WireRequest): Promise<FetchAnswer>;
  /** The client went away: aborts the request's `signal`. */
  abort(id: number, reason: string): void;
  trigger(event: TriggerEvent): Promise<TriggerResult>;
  /** An RPC call routed to this generation (its Durable Objects, its exports). */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** Resolves once in-flight requests, waitUntil work and Durable Objects are done (the generation retires). */
  drain(): Promise<void>;
  /** Answered at once unless the event loop is blocked (the CPU-time watchdog). */
  ping(): Promise<void>;
  /** The host's news about an object's hibernatable sockets. */
  hibernation(key: string, update: HibernationUpdate): void;
  /** A message of the environment's hot channel (`environment.hot.send`) for `import.meta.hot.on` listeners. */
  hot(environment: string, payload: HotPayload): void;
};
