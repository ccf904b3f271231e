/**
 * One isolate of the Worker Loader: a thread of its own (no access to the parent's globals, the
 * host's files or `process`), started on first use with the code the callback returns, dropped
 * when idle, on `abortIsolate()` inside it, or with the parent's thread (an edit's new generation).
 */
import { Worker } from "node:worker_threads";
import { createChannel, withTransfer, type Channel } from "../../protocol/channel.js";
import { rpcTransferables } from "../../protocol/body.js";
import type { LoadedWorkerApi, LoaderParentApi } from "../../protocol/loader.js";
import type { RpcAddress, RpcOperation, RpcOutcome } from "../../protocol/messages.js";
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { toLoadedModules } from "./modules.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { clearInterval, clearTimeout, setInterval, setTimeout } from "node:timers";

/** What the callback of `get(id, callback)` returns (WorkerLoaderWorkerCode). */
export interface WorkerCode {
  compatibilityDate: string;
  compatibilityFlags?: string[];
  mainModule: string;
  modules: Record<string, unknown>;
  env?: unknown;
  globalOutbound?: unknown;
  limits?: { cpuMs?: number };
  /** Tail workers (Fetchers): each event of the loaded worker goes to their `tail()` handler. */
  tails?: unknown;
  streamingTails?: unknown;
}

const ENTRY = new URL("../../thread/loaded/entry.js", import.meta.url);
/** A generation's heap limit (production's 128 MB). */
const MEMORY_MB = 128;
/** Without `limits.cpuMs`: a generation's default (kindling's `cpuTimeLimit`). */
const CPU_MS = 30_000;

export interface IsolateOptions {
  worker: string;
  endpoint: RpcEndpoint;
  getCode: () => WorkerCode | Promise<WorkerCode>;
  idleTimeout: number;
  /** The isolate's thread ended (idle, aborted, over a limit, failed); the next call starts it again. */
  onEnd(reason: Error): void;
}

export class LoadedIsolate {
  #options: IsolateOptions;
  #started: Promise<Channel<LoadedWorkerApi>> | undefined;
  #thread: Worker | undefined;
  #channel: Channel<LoadedWorkerApi> | undefined;
  #inflight = 0;
  #idle: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;

  constructor(options: IsolateOptions) {
    this.#options = options;
  }

  /** Sends a call to the loaded worker, starting it first (the callback again after an end) if needed. */
  async call(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    this.#inflight++;
    clearTimeout(this.#idle);
    try {
      const channel = await (this.#started ??= this.#start());
      return await channel.callWith("rpc", rpcTransferables(operation), address, operation);
    } catch (error) {
      return this.#options.endpoint.failure(error);
    } finally {
      if (--this.#inflight === 0 && this.#started) {
        this.#idle = setTimeout(() => this.end(new Error("The loaded worker was idle.")), this.#options.idleTimeout);
        this.#idle.unref();
      }
    }
  }

  /** Ends the thread: calls in flight fail with `reason`. */
  end(reason: Error): void {
    const thread = this.#thread;
    if (!this.#started) return;
    this.#started = undefined;
    this.#thread = undefined;
    clearTimeout(this.#idle);
    clearInterval(this.#watchdog);
    this.#channel?.close(reason);
    this.#channel = undefined;
    void thread?.terminate();
    this.#options.onEnd(reason);
  }

  async #start(): Promise<Channel<LoadedWorkerApi>> {
    try {
      return await this.#startThread();
    } catch (error) {
      // The next call runs the callback again (a fixed snippet, a passing fault).
      if (this.#thread) this.end(error as Error);
      else this.#started = undefined;
      throw error;
    }
  }

  async #startThread(): Promise<Channel<LoadedWorkerApi>> {
    const { endpoint, worker } = this.#options;
    const code = await this.#options.getCode();
    const modules = toLoadedModules(code.modules);
    const tails = toTails(code.tails);
    if (code.streamingTails !== undefined) notImplemented("WorkerLoaderWorkerCode.streamingTails");
    const { encoded, streams } = endpoint.encodeValue({ env: code.env ?? {}, globalOutbound: code.globalOutbound });
    const thread = new Worker(ENTRY, {
      execArgv: ["--experimental-vm-modules", "--no-warnings"],
      resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB },
    });
    this.#thread = thread;
    const local: LoaderParentApi = {
      rpc: async (address, operation) => {
        const outcome = await endpoint.send(address, operation);
        return withTransfer(outcome, rpcTransferables(outcome));
      },
      abortIsolate: (reason) => this.end(new Error(reason)),
      trace: (item) => {
        for (const tail of tails) {
          // As in workerd, a failing tail worker does not touch the event it reports; its error is logged.
          tail
            .tail([item])
            .catch((error: unknown) => console.error("[kindling] A tail worker of a loaded worker failed:", error));
        }
      },
    };
    const channel = createChannel<LoadedWorkerApi>(thread, local);
    this.#channel = channel;
    const unexpected = (error: Error) => {
      if (this.#thread === thread) this.end(error);
    };
    thread.once("error", unexpected);
    thread.once("exit", () => unexpected(new Error("The loaded worker's thread exited.")));
    await channel.callWith("start", streams, {
      worker,
      mainModule: code.mainModule,
      modules,
      compatibilityDate: code.compatibilityDate,
      compatibilityFlags: code.compatibilityFlags ?? [],
      encoded,
      streams,
      tails: tails.length > 0,
    });
    // Once booted: a thread that is still loading does not answer pings either.
    this.#startWatchdog(channel, code.limits?.cpuMs ?? CPU_MS);
    return channel;
  }

  /**
   * While calls are in flight, a ping unanswered for `limit` ms means the loaded worker's event
   * loop is blocked (a `for(;;){}`): the isolate is dropped with workerd's error.
   */
  #startWatchdog(channel: Channel<LoadedWorkerApi>, limit: number): void {
    let sentAt: number | undefined;
    this.#watchdog = setInterval(
      () => {
        if (this.#inflight === 0) return;
        const now = Date.now();
        if (sentAt !== undefined) {
          if (now - sentAt > limit) this.end(new Error("Worker exceeded CPU time limit."));
          return;
        }
        sentAt = now;
        channel.call("ping").then(
          () => (sentAt = undefined),
          () => {},
        );
      },
      Math.max(10, Math.min(1000, limit / 4)),
    );
    this.#watchdog.unref();
  }
}

type TailWorker = { tail(events: unknown[]): Promise<unknown> };

/** `tails`: an array of Fetchers (service bindings, `ctx.exports` entrypoints); workerd's wording for anything else. */
function toTails(tails: unknown): TailWorker[] {
  if (tails === undefined) return [];
  if (!Array.isArray(tails)) {
    throw new TypeError("Incorrect type for the 'tails' field on 'WorkerCode': the provided value is not of type 'Array'.");
  }
  const bad = tails.findIndex(
    (tail) =>
      tail === null ||
      (typeof tail !== "object" && typeof tail !== "function") ||
      typeof (tail as { fetch?: unknown }).fetch !== "function",
  );
  if (bad !== -1) throw new TypeError(`Incorrect type for array element ${bad}: the provided value is not of type 'Fetcher'.`);
  return tails as TailWorker[];
}
