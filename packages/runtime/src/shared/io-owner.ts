/**
 * Who owns the work started by the code running now: a Durable Object instance, or nobody (the
 * worker's own handlers). Timers, WebSockets and outbound calls started while an object's code
 * runs belong to that object: pending, they keep it in memory (production does not evict an
 * object that waits on them); once the object is released (evicted, reset, or replaced by an
 * edit) their callbacks never run, so an instance that is gone never runs user code again.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What may keep an object alive: a pending timer, an open WebSocket, an outbound call (fetch, RPC)
 * it waits on, or an inbound one it still answers (a call on an RpcTarget it returned, a streamed body).
 */
export type HoldKind = "timer" | "socket" | "outbound" | "inbound";

export interface IoOwner {
  /** False once the owner was released: what it left behind must not run. */
  readonly live: boolean;
  /** Why it was released (what code it left behind gets when it touches the owner's storage or RPC targets). */
  readonly reason: Error | undefined;
  /** Counts one pending thing; the returned function (idempotent) ends it. */
  hold(kind: HoldKind): () => void;
  /** `end` runs if the owner is released first (clears a timer, closes a socket); returns a function that drops it. */
  adopt(end: () => void): () => void;
}

const current = new AsyncLocalStorage<IoOwner>();

/** The owner of the code running now, if any. */
export function currentIoOwner(): IoOwner | undefined {
  return current.getStore();
}

/** Runs `fn` as `owner`'s code: what it starts, directly or after awaits, belongs to `owner`. */
export function runAsOwner<T>(owner: IoOwner, fn: () => T): T {
  return current.run(owner, fn);
}

/** Runs `fn` as nobody's code (a worker's own RpcTarget called by an object). */
export function runUnowned<T>(fn: () => T): T {
  return current.exit(fn);
}

/** Runs a callback left by `owner` (a listener, a timer) as its code, or not at all once it is released. */
export function runOwned(owner: IoOwner | undefined, fn: () => void): void {
  if (!owner) return fn();
  if (owner.live) runAsOwner(owner, fn);
}
