/** The host's handle on one generation: one worker thread running one ModuleRunner. */
import type { Worker } from "node:worker_threads";
import { fromSerializedError, toCloneableData, transferablesOf } from "@kindling/runtime/protocol";
import type {
  BackgroundErrorSource,
  GenerationConfig,
  HostMessage,
  SerializedError,
  ThreadMessage,
  TriggerEvent,
  TriggerResult,
  WireRequest,
  WireResponse,
} from "@kindling/runtime/protocol";
import type { BootedThread, ThreadExit } from "./worker-thread.js";
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
  /** Answers the module runner's invokes (fetchModule, getBuiltins). */
  invoke(payload: unknown): Promise<unknown>;
  /**
   * The generation ended before its time (abortIsolate, blocked event loop, memory limit, its thread
   * exited): its in-flight work failed with `error`, and a fresh generation must replace it.
   */
  onAborted(generation: Generation, error: Error): void;
  onBackgroundError(generation: Generation, source: BackgroundErrorSource, error: Error): void;
  /** RPC between generations and to host services (Durable Objects, alarms). */
  onRpcMessage?(generation: Generation, message: ThreadMessage): void;
  /** The thread is gone (terminated, crashed or drained). */
  onDead?(generation: Generation, reason: Error): void;
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
  #requests = new Map<number, (outcome: FetchOutcome) => void>();
  #nextRequestId = 0;
  #drained?: () => void;
  #watchdog?: NodeJS.Timeout;
  #ping = { seq: 0, sentAt: 0, pending: false };
  #triggers = new Map<number, (outcome: TriggerResult | { outcome: "failed"; error: Error }) => void>();
  #retired = new AbortController();
  /** The evaluation error when the user's code failed to load. */
  error: Error | undefined;

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
    thread.setLogPrefix(config.workerName);
    this.#worker.on("message", (message: ThreadMessage) => this.#onMessage(message));
    // Also when the thread ended before this generation was made of it (a standby that died).
    void thread.exited.then((exit) => this.#onExit(exit));
  }

  /** The generation number (GenerationLink of the runtime's host services). */
  get id(): number {
    return this.config.generation;
  }

  /** Sends a message to the thread (no-op once it is dead). */
  post(message: HostMessage, transfer: Transferable[] = []): void {
    this.#post(message, transfer);
  }

  get state(): State {
    return this.#state;
  }

  get inflight(): number {
    return this.#requests.size;
  }

  /** Imports the user's entry; resolves when it is ready or has failed (see `error`). */
  start(): Promise<void> {
    this.#startWatchdog();
    const limit = this.#limits.memoryLimit;
    this.#unwatchMemory = this.#memory?.watch(this.#worker, limit * 2 ** 20, (used) =>
      this.#abort(memoryLimitError(limit, used, this.#phase)),
    );
    return new Promise((resolve) => {
      this.#started = resolve;
      this.#post({ type: "start", config: this.config });
    });
  }
  #started?: () => void;

  /** `onDisconnect` registers a callback that aborts the request (its `request.signal`) in the worker. */
  fetch(request: WireRequest, onDisconnect?: OnDisconnect): Promise<FetchOutcome> {
    if (this.#state === "dead") {
      return Promise.resolve({ type: "error", error: new Error("[kindling] This generation has already been shut down.") });
    }
    const id = this.#nextRequestId++;
    const outcome = new Promise<FetchOutcome>((resolve) => this.#requests.set(id, resolve));
    this.#post({ type: "fetch", id, request }, transferablesOf(request.body));
    onDisconnect?.(() => this.#post({ type: "abort", id, reason: "The client disconnected." }));
    return outcome;
  }

  /** Runs a scheduled or email event in this generation. */
  trigger(event: TriggerEvent): Promise<TriggerResult | { outcome: "failed"; error: Error }> {
    if (this.#state === "dead") {
      return Promise.resolve({ outcome: "failed", error: new Error("[kindling] This generation has already been shut down.") });
    }
    const id = this.#nextRequestId++;
    const outcome = new Promise<TriggerResult | { outcome: "failed"; error: Error }>((resolve) =>
      this.#triggers.set(id, resolve),
    );
    this.#post({ type: "trigger", id, event }, event.type === "email" ? [event.raw] : []);
    return outcome;
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
    const drained = new Promise<boolean>((resolve) => {
      this.#drained = () => resolve(true);
      setTimeout(() => resolve(false), this.#limits.drainTimeout).unref();
    });
    this.#post({ type: "drain" });
    const clean = await drained;
    await this.terminate(clean ? undefined : drainTimeoutError(this.#limits.drainTimeout));
  }

  /** Ends the thread now; requests still in flight fail with `reason`. */
  async terminate(reason = new Error("[kindling] The worker's generation was shut down.")): Promise<void> {
    if (this.#state === "dead") return;
    this.#markDead(reason);
    await this.#worker.terminate();
  }

  #markDead(reason: Error): void {
    this.#state = "dead";
    clearInterval(this.#watchdog);
    this.#unwatchMemory?.();
    for (const resolve of this.#requests.values()) resolve({ type: "error", error: reason });
    this.#requests.clear();
    for (const resolve of this.#triggers.values()) resolve({ outcome: "failed", error: reason });
    this.#triggers.clear();
    this.#retired.abort();
    this.#started?.();
    this.#hooks.onDead?.(this, reason);
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
    if (this.#state === "starting") {
      // Ended while evaluating the user's modules (blocked, out of memory, exited): an evaluation error, not retried.
      this.error = error;
      void this.terminate(error);
      return;
    }
    void this.terminate(error);
    this.#hooks.onAborted(this, error);
  }

  #post(message: HostMessage, transfer: Transferable[] = []): void {
    if (this.#state !== "dead") this.#worker.postMessage(message, transfer as never[]);
  }

  #settle(id: number, outcome: FetchOutcome): void {
    this.#requests.get(id)?.(outcome);
    this.#requests.delete(id);
  }

  #onMessage(message: ThreadMessage): void {
    switch (message.type) {
      case "ready":
        this.#state = "ready";
        this.#started?.();
        break;
      case "failed":
        this.error = fromSerializedError(message.error);
        this.#state = "failed";
        this.#started?.();
        void this.terminate(this.error);
        break;
      case "response":
        this.#settle(message.id, {
          type: "response",
          response: message.response,
          ...(message.response.webSocket ? { retired: this.#retired.signal } : {}),
        });
        break;
      case "trigger-result":
        this.#triggers.get(message.id)?.(message.result);
        this.#triggers.delete(message.id);
        break;
      case "pass-through":
        this.#settle(message.id, { type: "pass-through" });
        break;
      case "fetch-error":
        this.#settle(message.id, { type: "error", error: fromSerializedError(message.error) });
        break;
      case "invoke":
        void this.#hooks
          .invoke(message.payload)
          .then((result) => this.#post({ type: "invoke-result", id: message.id, result: toCloneableInvokeResult(result) }));
        break;
      case "drained":
        this.#drained?.();
        break;
      case "pong":
        if (message.seq === this.#ping.seq) this.#ping.pending = false;
        break;
      case "abort-isolate":
        this.#abort(new Error(`[kindling] abortIsolate() was called: ${message.reason}`));
        break;
      case "rpc-call":
      case "rpc-result":
      case "object-released":
      case "alarm-set":
      case "hibernation":
        this.#hooks.onRpcMessage?.(this, message);
        break;
      case "background-error":
        this.#hooks.onBackgroundError(this, message.source, fromSerializedError(message.error as SerializedError));
        break;
    }
  }

  /** Pings the thread; a ping unanswered for cpuTimeLimit means its event loop is blocked (`for(;;){}`). */
  #startWatchdog(): void {
    const limit = this.#limits.cpuTimeLimit;
    this.#watchdog = setInterval(
      () => {
        const now = Date.now();
        if (this.#ping.pending) {
          if (now - this.#ping.sentAt > limit) {
            this.#abort(cpuTimeLimitError(limit));
          }
          return;
        }
        this.#ping = { seq: this.#ping.seq + 1, sentAt: now, pending: true };
        this.#post({ type: "ping", seq: this.#ping.seq });
      },
      Math.max(10, Math.min(1000, limit / 4)),
    );
    this.#watchdog.unref();
  }
}

/**
 * Vite's invoke errors are plain copies holding nested errors (oxc's diagnostics, with `loc`);
 * postMessage would keep only name/message/stack of those, so they cross serialized.
 */
function toCloneableInvokeResult(result: unknown): unknown {
  if (result && typeof result === "object" && "error" in result) return { error: toCloneableData(result.error) };
  return result;
}
