/**
 * Measures each generation's memory (JavaScript heap + ArrayBuffers, as production counts an
 * isolate's) through the inspector, whose `Runtime.evaluate` interrupts a thread even while it runs
 * synchronous code: a handler in a tight allocation loop never answers a postMessage. The thread's
 * probe collects garbage before it reports a value over the limit (see the runtime's memory-probe).
 *
 * V8's own heap limit (worker_threads `resourceLimits`) is only the backstop: a single allocation
 * larger than what is left below it is a fatal out-of-memory error that aborts the whole process,
 * Vite included (measured on Node 20, 22 and 24: `new Array(2e8).fill(1.5)` under a 64 MB limit).
 */
import inspector from "node:inspector";
import type { Worker } from "node:worker_threads";

/** Calls the function the runtime installs in each thread (see the runtime's memory-probe). */
const probe = (limit: number) => `globalThis[Symbol.for("kindling.memoryUsage")]?.(${limit})`;
/**
 * Samples come as often as the distance to the limit requires: a thread far below it cannot reach
 * it before the next sample, even at 2 GB/s (tight allocation loops measured here stayed well
 * under 1 GB/s). A fixed 50 ms cost 1.5-2% of a core for one idle generation.
 */
const minInterval = 50;
const maxInterval = 500;
const allocationRate = 2 * 2 ** 30; // bytes per second

interface Watch {
  limit: number;
  onExceeded(usedBytes: number): void;
  timer?: NodeJS.Timeout;
}

type Reply = { result?: { result?: { value?: unknown } } };

export class MemoryMonitor {
  static #shared: MemoryMonitor | undefined | null;
  #session: inspector.Session;
  /** Inspector session ids of the threads of this process, by thread id. */
  #targets = new Map<number, string>();
  #watched = new Map<number, Watch>();
  #pending = new Map<number, { sessionId: string; resolve(reply: Reply | undefined): void }>();
  #nextId = 1;

  /** The process's monitor, or undefined when Node was built without the inspector. */
  static shared(): MemoryMonitor | undefined {
    if (MemoryMonitor.#shared === undefined) {
      try {
        MemoryMonitor.#shared = new MemoryMonitor();
      } catch {
        MemoryMonitor.#shared = null;
      }
    }
    return MemoryMonitor.#shared ?? undefined;
  }

  private constructor() {
    this.#session = new inspector.Session();
    this.#session.connect();
    this.#session.on("NodeWorker.attachedToWorker", ({ params }) =>
      this.#targets.set(Number(params.workerInfo.workerId), params.sessionId),
    );
    this.#session.on("NodeWorker.detachedFromWorker", ({ params }) => {
      for (const [threadId, sessionId] of this.#targets) if (sessionId === params.sessionId) this.#targets.delete(threadId);
      for (const [id, pending] of this.#pending) {
        if (pending.sessionId !== params.sessionId) continue;
        this.#pending.delete(id);
        pending.resolve(undefined);
      }
    });
    this.#session.on("NodeWorker.receivedMessageFromWorker", ({ params }) => {
      const reply = JSON.parse(params.message) as Reply & { id?: number };
      if (reply.id === undefined) return;
      this.#pending.get(reply.id)?.resolve(reply);
      this.#pending.delete(reply.id);
    });
    this.#session.post("NodeWorker.enable", { waitForDebuggerOnStart: false });
  }

  /** Calls `onExceeded` (once) when the thread's live memory passes `limitBytes`; returns the unwatch function. */
  watch(worker: Worker, limitBytes: number, onExceeded: (usedBytes: number) => void): () => void {
    const threadId = worker.threadId;
    const watch: Watch = { limit: limitBytes, onExceeded };
    this.#watched.set(threadId, watch);
    this.#schedule(threadId, watch, minInterval);
    return () => {
      clearTimeout(watch.timer);
      if (this.#watched.get(threadId) === watch) this.#watched.delete(threadId);
    };
  }

  #schedule(threadId: number, watch: Watch, delay: number): void {
    watch.timer = setTimeout(() => void this.#check(threadId, watch), delay).unref();
  }

  async #check(threadId: number, watch: Watch): Promise<void> {
    const used = await this.#usage(threadId, watch.limit);
    if (this.#watched.get(threadId) !== watch) return;
    if (used !== undefined && used > watch.limit) {
      this.#watched.delete(threadId);
      return watch.onExceeded(used);
    }
    const headroom = watch.limit - (used ?? 0);
    const delay = Math.min(maxInterval, Math.max(minInterval, (headroom / allocationRate) * 1000));
    this.#schedule(threadId, watch, delay);
  }

  async #usage(threadId: number, limit: number): Promise<number | undefined> {
    const reply = await this.#send(threadId, "Runtime.evaluate", { expression: probe(limit), returnByValue: true, silent: true });
    const value = reply?.result?.result?.value;
    return typeof value === "number" ? value : undefined;
  }

  /** Resolves with the thread's reply, or undefined if it is not attached (booting) or gone. */
  #send(threadId: number, method: string, params?: object): Promise<Reply | undefined> {
    const sessionId = this.#targets.get(threadId);
    if (!sessionId || !this.#watched.has(threadId)) return Promise.resolve(undefined);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, { sessionId, resolve });
      this.#session.post(
        "NodeWorker.sendMessageToWorker",
        { sessionId, message: JSON.stringify({ id, method, params }) },
        (error) => {
          if (!error) return;
          this.#pending.delete(id);
          resolve(undefined);
        },
      );
    });
  }
}
