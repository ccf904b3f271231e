/** The host's handle on one generation: one worker thread running one ModuleRunner. */
import type { Worker } from "node:worker_threads";
import {
  fromSerializedError,
  rpcTransferables,
  toCloneableData,
  transferablesOf,
  withTransfer,
  type Channel,
} from "@kindling/runtime/protocol";
import type {
  BackgroundErrorSource,
  ChunkCodeCache,
  GenerationConfig,
  HibernationChange,
  HotPayload,
  LogLevel,
  HibernationUpdate,
  ModuleBatch,
  HostApi,
  ObjectAddress,
  RpcAddress,
  RpcOperation,
  RpcOutcome,
  ThreadApi,
  TriggerEvent,
  TraceBatch,
  TriggerResult,
  WireRequest,
  WireResponse,
} from "@kindling/runtime/protocol";
import type { BootedThread, ThreadExit } from "./worker-thread.js";
import { batchDelta } from "./batch-delta.js";
import type { MemoryMonitor } from "./memory-monitor.js";
import { cpuTimeLimitError, drainTimeoutError, memoryLimitError, threadExitError, type Phase } from "./generation-errors.js";

/** Registers `abort`, to be called if the client goes away before the response is complete. */
export type OnDisconnect = (abort: () => void) => void;

export type FetchOutcome =
  /** `retired` (for a 101 with a WebSocket) aborts when this generation retires or dies. */
  | { type: "response"; response: WireResponse; retired?: AbortSignal }
  | { type: "pass-through" }
  | { type: "error"; error: Error };

export interface GenerationHooks {
  /** Answers a module runner's invokes (fetchModule, getBuiltins) from the named Vite environment. */
  invoke(environment: string, payload: unknown): Promise<unknown>;
  /** The modules the host already has for the runners, sent with the start (one message, not one per module). */
  modules?(): Promise<ModuleBatch>;
  /** V8's code caches of chunks of the batch (module-batch.ts), for the next generations; sent once, after the first request. */
  codeCaches?(generation: Generation, caches: ChunkCodeCache[]): void;
  /** The generation's runners on the Vite environments' hot channels. */
  hot?: GenerationHotHooks;
  /** Text the worker wrote (console, stdout, stderr). */
  log?(generation: Generation, level: LogLevel, text: string): void;
  /**
   * The generation ended before its time (abortIsolate, blocked event loop, memory limit, its thread
   * exited): its in-flight work failed with `error`, and a fresh generation must replace it.
   */
  onAborted(generation: Generation, error: Error): void;
  onBackgroundError(generation: Generation, source: BackgroundErrorSource, error: Error): void;
  /** The host services that outlive generations (RPC routing, Durable Objects, alarms, hibernatable sockets). */
  services(): GenerationServices | undefined;
  /** Sees every fetch and the thread's trace batches (the explorer's request traces). */
  observer?: GenerationObserver;
}

/** What the explorer's trace store learns from a generation. */
export interface GenerationObserver {
  fetchStarted(generation: Generation, id: number, request: WireRequest): void;
  fetchEnded(generation: Generation, id: number, outcome: FetchOutcome): void;
  traced(generation: Generation, batch: TraceBatch): void;
}

/** How a generation ended: retired after draining, or aborted (abortIsolate, CPU or memory limit, exit). */
export interface GenerationEnd {
  at: number;
  aborted: boolean;
  reason: string;
}

/** How a generation's runners take part in their environments' hot channels. */
export interface GenerationHotHooks {
  connect(generation: Generation, environment: string): void;
  message(generation: Generation, environment: string, payload: HotPayload): void;
  /** The thread is gone: its runners left every channel. */
  disconnect(generation: Generation): void;
}

/** What a generation asks of the host services, and how they learn that it is gone. */
export interface GenerationServices {
  /** An RPC call from `from` to a receiver elsewhere. */
  rpc(from: Generation, address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  objectReleased(from: Generation, key: string, delivered: number): void;
  alarmSet(address: ObjectAddress, time: number | null): void;
  hibernation(from: Generation, address: ObjectAddress, change: HibernationChange): void;
  /** A binding's runtime unit in `from` calls its host unit. */
  unit(from: Generation, kind: string, method: string, args: unknown[]): Promise<unknown>;
  /** The generation started (it may now receive calls). */
  attach(generation: Generation): void;
  /** The thread is gone (terminated, crashed or drained). */
  detach(generation: Generation, reason: Error): void;
}

export interface GenerationLimits {
  drainTimeout: number;
  cpuTimeLimit: number;
  /** MiB of JavaScript heap + ArrayBuffers. */
  memoryLimit: number;
}

type State = "starting" | "ready" | "failed" | "retiring" | "dead";

export class Generation {
  readonly config: GenerationConfig;
  #worker: Worker;
  #memory: MemoryMonitor | undefined;
  #unwatchMemory?: () => void;
  #hooks: GenerationHooks;
  #limits: GenerationLimits;
  #state: State = "starting";
  #thread: Channel<ThreadApi>;
  #booted: BootedThread;
  #prefetched = false;
  #inflight = 0;
  #nextRequestId = 0;
  #watchdog?: NodeJS.Timeout;
  /** When the unanswered ping was sent (undefined: none pending). */
  #pingSentAt: number | undefined;
  #retired = new AbortController();
  /** The evaluation error when the user's code failed to load. */
  error: Error | undefined;
  /** What made this generation: the changed files (relative to the root), "start", ... */
  causes: string[] = [];
  /** When start() was called and when it finished (ms since the epoch). */
  startedAt: number | undefined;
  readyAt: number | undefined;
  #ended: GenerationEnd | undefined;

  constructor(
    thread: BootedThread,
    config: GenerationConfig,
    hooks: GenerationHooks,
    limits: GenerationLimits,
    memory?: MemoryMonitor,
  ) {
    this.config = config;
    this.#worker = thread.worker;
    this.#memory = memory;
    this.#hooks = hooks;
    this.#limits = limits;
    this.#booted = thread;
    this.#thread = thread.channel;
    thread.serve(this.#hostApi());
    // Also when the thread ended before this generation was made of it (a standby that died).
    void thread.exited.then((exit) => this.#onExit(exit));
  }

  /** The generation number (GenerationLink of the runtime's host services). */
  get id(): number {
    return this.config.generation;
  }

  /** Delivers an RPC call to this generation (GenerationLink of the host services). */
  rpc(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    return this.#thread.callWith("rpc", rpcTransferables(operation), address, operation);
  }

  /** A message of an environment's hot channel for this generation's runner (`import.meta.hot.on`). */
  sendHot(environment: string, payload: HotPayload): void {
    if (this.#state !== "dead") this.#thread.notify("hot", environment, payload);
  }

  /** Tells this generation about an object's hibernatable sockets (GenerationLink). */
  hibernation(key: string, update: HibernationUpdate): void {
    if (this.#state !== "dead") this.#thread.notify("hibernation", key, update);
  }

  get state(): State {
    return this.#state;
  }

  get inflight(): number {
    return this.#inflight;
  }

  get ended(): GenerationEnd | undefined {
    return this.#ended;
  }

  /** Whether its thread compiled a prefetched batch while it waited as a standby (the start sent only what changed). */
  get prefetched(): boolean {
    return this.#prefetched;
  }

  /** Imports the user's entry; resolves when it is ready or has failed (see `error`). */
  async start(): Promise<void> {
    this.startedAt = Date.now();
    this.#startWatchdog();
    const limit = this.#limits.memoryLimit;
    this.#unwatchMemory = this.#memory?.watch(this.#worker, limit * 2 ** 20, (used) =>
      this.#abort(memoryLimitError(limit, used, this.#phase)),
    );
    try {
      const modules = await this.#hooks.modules?.();
      // Not kept past the start: it holds every module's code and the chunks' code caches of its time.
      const prefetched = this.#booted.prefetched;
      this.#booted.prefetched = undefined;
      this.#prefetched = prefetched !== undefined;
      await this.#thread.call("start", this.config, modules && prefetched ? batchDelta(modules, prefetched) : modules);
      this.readyAt = Date.now();
      if (this.#state === "starting") this.#state = "ready";
      this.#hooks.services()?.attach(this);
    } catch (error) {
      if (this.#state === "dead") return; // ended while starting: `error` is set already
      this.readyAt = Date.now();
      this.error = error as Error;
      this.#state = "failed";
      void this.terminate(this.error);
    }
  }

  /** `onDisconnect` registers a callback that aborts the request (its `request.signal`) in the worker. */
  async fetch(request: WireRequest, onDisconnect?: OnDisconnect): Promise<FetchOutcome> {
    if (this.#state === "dead")
      return { type: "error", error: new Error("[kindling] This generation has already been shut down.") };
    const id = this.#nextRequestId++;
    onDisconnect?.(() => this.#state !== "dead" && this.#thread.notify("abort", id, "The client disconnected."));
    this.#inflight++;
    const observer = this.#hooks.observer;
    observer?.fetchStarted(this, id, request);
    const outcome = await this.#fetch(id, request);
    this.#inflight--;
    observer?.fetchEnded(this, id, outcome);
    return outcome;
  }

  async #fetch(id: number, request: WireRequest): Promise<FetchOutcome> {
    try {
      const answer = await this.#thread.callWith("fetch", transferablesOf(request.body), id, request);
      if (answer.type === "pass-through") return answer;
      return {
        type: "response",
        response: answer.response,
        ...(answer.response.webSocket ? { retired: this.#retired.signal } : {}),
      };
    } catch (error) {
      return { type: "error", error: error as Error };
    }
  }

  /** Runs a scheduled or email event in this generation. */
  async trigger(event: TriggerEvent): Promise<TriggerResult | { outcome: "failed"; error: Error }> {
    if (this.#state === "dead") {
      return { outcome: "failed", error: new Error("[kindling] This generation has already been shut down.") };
    }
    try {
      return await this.#thread.callWith("trigger", event.type === "email" ? [event.raw] : [], event);
    } catch (error) {
      return { outcome: "failed", error: error as Error };
    }
  }

  /**
   * Lets in-flight requests and waitUntil work finish, then ends the thread; past the drain
   * timeout the thread is terminated and its stuck requests fail with an error naming the timeout.
   */
  async retire(): Promise<void> {
    if (this.#state === "dead" || this.#state === "retiring") return;
    this.#state = "retiring";
    // Plain WebSockets would pin this generation: their clients reconnect to the next one (1012).
    this.#retired.abort();
    const clean = await new Promise<boolean>((resolve) => {
      this.#thread.call("drain").then(
        () => resolve(true),
        () => resolve(false),
      );
      setTimeout(() => resolve(false), this.#limits.drainTimeout).unref();
    });
    const reason = clean ? undefined : drainTimeoutError(this.#limits.drainTimeout);
    if (clean) this.#ended = { at: Date.now(), aborted: false, reason: "retired: drained its requests and waitUntil work" };
    await this.terminate(reason);
  }

  /** Ends the thread now; requests still in flight fail with `reason`. */
  async terminate(reason = new Error("[kindling] The worker's generation was shut down.")): Promise<void> {
    if (this.#state === "dead") return;
    this.#markDead(reason);
    await this.#worker.terminate();
  }

  #markDead(reason: Error): void {
    this.#ended ??= { at: Date.now(), aborted: false, reason: reason.message };
    this.#state = "dead";
    clearInterval(this.#watchdog);
    this.#unwatchMemory?.();
    // Every call in flight to the thread (requests, triggers, RPC, the start) fails with `reason`.
    this.#thread.close(reason);
    this.#retired.abort();
    this.#hooks.services()?.detach(this, reason);
    this.#hooks.hot?.disconnect(this);
  }

  /** The thread ended by itself (we mark a generation dead before terminating it). */
  #onExit(exit: ThreadExit): void {
    if (this.#state !== "dead") this.#abort(threadExitError(exit, this.#limits.memoryLimit, this.#phase));
  }

  get #phase(): Phase {
    return this.#state === "starting" ? "starting" : "running";
  }

  #abort(error: Error): void {
    if (this.#state === "dead") return;
    this.#ended = { at: Date.now(), aborted: true, reason: error.message };
    if (this.#state === "starting") {
      // Ended while evaluating the user's modules (blocked, out of memory, exited): an evaluation error, not retried.
      this.error = error;
      void this.terminate(error);
      return;
    }
    void this.terminate(error);
    this.#hooks.onAborted(this, error);
  }

  /** What this generation's thread may call on the host. */
  #hostApi(): HostApi {
    const services = () => this.#hooks.services();
    return {
      booted: () => {},
      invoke: async (environment, payload) => toCloneableInvokeResult(await this.#hooks.invoke(environment, payload)),
      codeCaches: (caches) => this.#hooks.codeCaches?.(this, caches),
      hotConnect: (environment) => this.#hooks.hot?.connect(this, environment),
      hot: (environment, payload) => this.#hooks.hot?.message(this, environment, payload),
      log: (level, text) => this.#hooks.log?.(this, level, text),
      rpc: async (address, operation) => {
        const outcome = (await services()?.rpc(this, address, operation)) ?? noServices();
        return withTransfer(outcome, rpcTransferables(outcome));
      },
      objectReleased: (key, delivered) => services()?.objectReleased(this, key, delivered),
      alarmSet: (address, time) => services()?.alarmSet(address, time),
      hibernation: (address, change) => services()?.hibernation(this, address, change),
      unit: async (kind, method, args) => (services() ?? noServices()).unit(this, kind, method, args),
      trace: (batch) => this.#hooks.observer?.traced(this, batch),
      abortIsolate: (reason) => this.#abort(new Error(`[kindling] abortIsolate() was called: ${reason}`)),
      backgroundError: (source, error) => this.#hooks.onBackgroundError(this, source, fromSerializedError(error)),
    };
  }

  /** Pings the thread; a ping unanswered for cpuTimeLimit means its event loop is blocked (`for(;;){}`). */
  #startWatchdog(): void {
    const limit = this.#limits.cpuTimeLimit;
    this.#watchdog = setInterval(
      () => {
        const now = Date.now();
        if (this.#pingSentAt !== undefined) {
          if (now - this.#pingSentAt > limit) this.#abort(cpuTimeLimitError(limit));
          return;
        }
        this.#pingSentAt = now;
        this.#thread.call("ping").then(
          () => (this.#pingSentAt = undefined),
          () => {},
        );
      },
      Math.max(10, Math.min(1000, limit / 4)),
    );
    this.#watchdog.unref();
  }
}

function noServices(): never {
  throw new Error("[kindling] internal: an RPC call arrived, but this worker has no host services.");
}

/**
 * Vite's invoke errors are plain copies holding nested errors (oxc's diagnostics, with `loc`);
 * postMessage would keep only name/message/stack of those, so they cross serialized.
 */
function toCloneableInvokeResult(result: unknown): unknown {
  if (result && typeof result === "object" && "error" in result) return { error: toCloneableData(result.error) };
  return result;
}
