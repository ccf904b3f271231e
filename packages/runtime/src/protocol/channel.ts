/**
 * The one request/response channel between the host and a generation's thread: typed calls with
 * their replies, fire-and-forget events, transfer lists, and errors through the error codec.
 * Every exchange across the thread boundary goes through it; there is no other correlator.
 *
 * What one side sends in one turn of its event loop crosses as one `postMessage` (flushed by
 * `setImmediate`): under load a turn handles many requests, and each `postMessage` costs a
 * serialization and a wake-up of the other thread (the hello route: 9,200 → 11,300 req/s and
 * 138 → 107 µs of CPU per request, bench/RESULTS.md, session s27). `flush()` sends at once,
 * before the thread blocks or when a message must not wait (the worker's console output).
 *
 * Own code rather than birpc: on this traffic (many small concurrent calls) birpc's per-call
 * nanoid, timer bookkeeping and extra awaits measured 2.5x slower than a numeric-id correlator
 * (16,700 vs 41,800 concurrent round trips/s between two threads).
 */
import { setImmediate } from "node:timers";
import { fromSerializedError, toSerializedError, type SerializedError } from "./errors.js";

/** The functions one side offers the other. */
export type Api = { [method: string]: (...args: never[]) => unknown };

export interface ChannelPort {
  postMessage(message: unknown, transfer?: readonly Transferable[]): void;
  on(event: "message", listener: (message: unknown) => void): unknown;
  off(event: "message", listener: (message: unknown) => void): unknown;
}

type Method<A extends Api> = keyof A & string;
type Result<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface Channel<Remote extends Api> {
  /** Calls `method` on the other side; resolves with its result or rejects with its error. */
  call<M extends Method<Remote>>(method: M, ...args: Parameters<Remote[M]>): Promise<Result<Remote[M]>>;
  /** `call`, moving `transfer` (buffers, streams, ports inside the arguments) to the other side. */
  callWith<M extends Method<Remote>>(
    method: M,
    transfer: readonly Transferable[],
    ...args: Parameters<Remote[M]>
  ): Promise<Result<Remote[M]>>;
  /** Runs `method` on the other side without waiting for it; its result and errors are dropped. */
  notify<M extends Method<Remote>>(method: M, ...args: Parameters<Remote[M]>): void;
  notifyWith<M extends Method<Remote>>(method: M, transfer: readonly Transferable[], ...args: Parameters<Remote[M]>): void;
  /** Sends what this turn queued now, instead of at the end of the turn. */
  flush(): void;
  /** Fails every pending call with `reason`; later calls fail at once. */
  close(reason: Error): void;
}

const TRANSFER = Symbol("transfer");

/** A handler's result that moves `transfer` to the caller along with `value`. */
export function withTransfer<T>(value: T, transfer: readonly Transferable[]): T {
  return { [TRANSFER]: transfer, value } as unknown as T;
}

type Wire =
  | { c: number; m: string; a: unknown[] }
  | { m: string; a: unknown[] }
  | { r: number; v: unknown }
  | { r: number; e: SerializedError };

/** The messages of one turn, when there are more than one. */
type Batch = { b: Wire[] };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createChannel<Remote extends Api>(port: ChannelPort, local: Api): Channel<Remote> {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed: Error | undefined;
  // This turn's messages, and the transfer list of each (empty for most).
  let queued: Wire[] = [];
  let transfers: (readonly Transferable[])[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (closed || queued.length === 0) return;
    const batch = queued;
    const moved = transfers;
    queued = [];
    transfers = [];
    try {
      port.postMessage(batch.length === 1 ? batch[0] : ({ b: batch } satisfies Batch), moved.flat());
    } catch {
      // One message cannot be cloned (nothing was sent): send one by one and fail that one alone.
      for (const [index, message] of batch.entries()) postAlone(message, moved[index]!);
    }
  };

  /** Sends one message whose batch failed to clone; if it fails too, its call or its caller learns why. */
  const postAlone = (message: Wire, transfer: readonly Transferable[]) => {
    try {
      port.postMessage(message, transfer);
    } catch (error) {
      if ("c" in message) {
        pending.get(message.c)?.reject(error as Error);
        pending.delete(message.c);
      } else if ("r" in message && !("e" in message)) {
        port.postMessage({ r: message.r, e: toSerializedError(error) });
      }
    }
  };

  const post = (message: Wire, transfer: readonly Transferable[] = []) => {
    queued.push(message);
    transfers.push(transfer);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const reply = (id: number, outcome: { v: unknown } | { e: SerializedError }) => {
    if (closed) return;
    if ("v" in outcome && isTransfer(outcome.v)) {
      post({ r: id, v: outcome.v.value }, outcome.v[TRANSFER]);
    } else {
      post({ r: id, ...outcome });
    }
  };

  const run = (message: { m: string; a: unknown[] }, id: number | undefined) => {
    const handler = local[message.m];
    let result: unknown;
    try {
      if (!handler) throw new Error(`[kindling] internal: the channel has no handler for "${message.m}".`);
      result = (handler as (...args: unknown[]) => unknown)(...message.a);
    } catch (error) {
      if (id !== undefined) reply(id, { e: toSerializedError(error) });
      return;
    }
    if (id === undefined) {
      if (result instanceof Promise) result.catch(() => {});
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (value) => reply(id, { v: value }),
        (error) => reply(id, { e: toSerializedError(error) }),
      );
    } else {
      reply(id, { v: result });
    }
  };

  const onMessage = (data: unknown) => {
    if ("b" in (data as Wire | Batch)) for (const message of (data as Batch).b) receive(message);
    else receive(data as Wire);
  };

  const receive = (message: Wire) => {
    if ("r" in message) {
      const waiting = pending.get(message.r);
      if (!waiting) return;
      pending.delete(message.r);
      if ("e" in message) waiting.reject(fromSerializedError(message.e));
      else waiting.resolve(message.v);
    } else if ("c" in message) {
      run(message, message.c);
    } else {
      run(message, undefined);
    }
  };
  port.on("message", onMessage);

  const send = (method: string, transfer: readonly Transferable[], args: unknown[]): Promise<never> => {
    if (closed) return Promise.reject(closed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      post({ c: id, m: method, a: args }, transfer);
    });
  };

  return {
    call: (method, ...args) => send(method, [], args),
    callWith: (method, transfer, ...args) => send(method, transfer, args),
    notify: (method, ...args) => {
      if (!closed) post({ m: method, a: args });
    },
    notifyWith: (method, transfer, ...args) => {
      if (!closed) post({ m: method, a: args }, transfer);
    },
    flush,
    close(reason) {
      if (closed) return;
      closed = reason;
      queued = [];
      transfers = [];
      port.off("message", onMessage);
      for (const waiting of pending.values()) waiting.reject(reason);
      pending.clear();
    },
  };
}

function isTransfer(value: unknown): value is { [TRANSFER]: readonly Transferable[]; value: unknown } {
  return typeof value === "object" && value !== null && TRANSFER in value;
}
