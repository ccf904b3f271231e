/**
 * An RPC call on its way out, with the calls pipelined on its result before it leaves: code that
 * chains `stub.getCounter().increment()` sends both in one message, and the receiver runs the
 * second on the first's result where it lives (workerd's promise pipelining). Arguments are
 * encoded when each call is made; the message leaves once the microtasks queued with the call
 * have run (outbox.ts), so `await stub.getUser().name` (whose `then` runs a microtask later) joins
 * it too. A call chained after the message left waits for the result instead (pipeline.ts).
 */
import type { PipelinedCall, PipelinedOutcome, RpcOperation, RpcOutcome } from "../protocol/messages.js";
import type { RpcCall } from "./dispatch.js";

type Chain = (call: RpcCall) => Promise<unknown> | undefined;

/** The pending results calls can still be chained on (their message has not left), by promise. */
const chains = new WeakMap<Promise<unknown>, Chain>();

/** Chains `call` on the pending `result` into the result's own message, if that has not left yet. */
export function pipelineOn(result: Promise<unknown>, call: RpcCall): Promise<unknown> | undefined {
  return chains.get(result)?.(call);
}

export interface OutgoingCallOptions {
  /** Encodes a call's arguments (with the message's exporter: their streams move with it). */
  encodeArgs(args: unknown[]): unknown[];
  /** Sends the operation `build` makes, when the outbox lets it leave. */
  schedule(build: () => RpcOperation): Promise<RpcOutcome>;
  /** The decoded value of an outcome, or throws its decoded error. */
  unwrap(outcome: RpcOutcome): unknown;
}

interface Deferred {
  promise: Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Sends `root`; resolves with its decoded result. Throws at once if its arguments cannot be encoded. */
export function sendCall(root: RpcCall, options: OutgoingCallOptions): Promise<unknown> {
  const rootArgs = root.op === "call" ? options.encodeArgs(root.args) : [];
  const pipelined: PipelinedCall[] = [];
  const waiters: Deferred[] = [];
  let open = true;
  const result = deferred();

  const chainOn =
    (on: number, parent: Deferred): Chain =>
    (call) => {
      if (!open) return undefined;
      const next = deferred();
      try {
        const args = call.op === "call" ? options.encodeArgs(call.args) : [];
        pipelined.push({ on, op: call.op, path: [...call.path], args });
      } catch (error) {
        next.reject(error);
        return next.promise;
      }
      waiters.push(next);
      // The parent's failure reaches the chained call: it is not an unhandled rejection of its own.
      parent.promise.catch(() => {});
      chains.set(next.promise, chainOn(pipelined.length, next));
      return next.promise;
    };
  if (root.op === "call") chains.set(result.promise, chainOn(0, result));

  const build = (): RpcOperation => {
    open = false;
    if (root.op === "get") return root;
    return pipelined.length > 0
      ? { op: "call", path: root.path, args: rootArgs, pipelined }
      : { op: "call", path: root.path, args: rootArgs };
  };
  options.schedule(build).then(
    (outcome) => settle(outcome, result, waiters, options),
    (error: unknown) => {
      for (const waiter of [result, ...waiters]) waiter.reject(error);
    },
  );
  return result.promise;
}

function settle(outcome: RpcOutcome, result: Deferred, waiters: Deferred[], options: OutgoingCallOptions): void {
  if (!outcome.ok) {
    // Every call pipelined on a failed result fails with its error, as in workerd.
    const error = failureOf(() => options.unwrap(outcome));
    for (const waiter of [result, ...waiters]) waiter.reject(error);
    return;
  }
  const { pipelined, ...own } = outcome as RpcOutcome & { pipelined?: PipelinedOutcome[] };
  deliver(result, () => options.unwrap(own));
  waiters.forEach((waiter, index) => {
    const answer = pipelined?.[index];
    if (!answer) return waiter.reject(new Error("[kindling] internal: the receiver did not answer a pipelined call."));
    deliver(waiter, () => options.unwrap(answer.ok ? { ok: true, value: answer.value } : answer));
  });
}

function deliver(waiter: Deferred, unwrap: () => unknown): void {
  try {
    waiter.resolve(unwrap());
  } catch (error) {
    waiter.reject(error);
  }
}

function failureOf(unwrap: () => unknown): unknown {
  try {
    unwrap();
  } catch (error) {
    return error;
  }
  return new Error("[kindling] internal: a failed RPC outcome decoded without an error.");
}

function deferred(): Deferred {
  let resolve!: (value: unknown) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
