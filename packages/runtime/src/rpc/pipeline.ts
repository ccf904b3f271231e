/**
 * The result of an RPC call before it settles, as workerd gives it: a promise that also stands for
 * the value it will have. `stub.getCounter().increment()` calls `increment` on the counter once it
 * arrives, `await stub.getUser().name` reads a property of the pending result, and
 * `result[Symbol.dispose]()` disposes the result whenever it arrives. A call or read chained while
 * the first call has not left yet goes in its message (outgoing-call.ts); a later one leaves when
 * the first result is back.
 */
import { pipelineOn } from "./outgoing-call.js";
import { callableWithPrototype, RpcPromise, RpcProperty } from "./promise-classes.js";

type Callable = (...args: unknown[]) => unknown;

/** A pending result at `path` below `promise`'s value: awaitable, callable, and deeper on property access. */
export function pipeline(promise: Promise<unknown>, path: readonly string[] = []): unknown {
  let settled: Promise<unknown> | undefined;
  const value = () =>
    (settled ??=
      path.length === 0
        ? promise
        : (pipelineOn(promise, { op: "get", path: [...path] }) ?? promise.then((result) => walk(result, path))));
  // `instanceof RpcPromise` for a call's result, `instanceof RpcProperty` for a member of it, as in workerd.
  return new Proxy(callableWithPrototype(path.length === 0 ? RpcPromise.prototype : RpcProperty.prototype), {
    get(_target, key) {
      if (key === "then")
        return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
          value().then(onFulfilled, onRejected);
      if (key === "catch") return (onRejected?: (e: unknown) => unknown) => value().catch(onRejected);
      if (key === "finally") return (onFinally?: () => void) => value().finally(onFinally);
      if (key === Symbol.dispose) return () => void value().then(disposeOf, () => {});
      if (key === Symbol.toStringTag) return "Promise";
      if (typeof key === "symbol" || key === "toJSON") return undefined;
      return pipeline(promise, [...path, key]);
    },
    apply(_target, _this, args) {
      const chained = pipelineOn(promise, { op: "call", path: [...path], args });
      if (chained) return pipeline(chained);
      return pipeline(
        promise.then((result) => {
          const holder = walk(result, path.slice(0, -1));
          const key = path.at(-1);
          const method = key === undefined ? holder : (holder as Record<string, unknown>)[key];
          // What workerd's server answers for a pipelined call on a member the result lacks.
          if (typeof method !== "function") throw new TypeError(`The RPC receiver does not implement the method "${key ?? ""}".`);
          return Reflect.apply(method as Callable, holder, args);
        }),
      );
    },
  });
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined) {
      throw new TypeError(`Cannot read properties of ${String(current)} (reading '${key}')`);
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function disposeOf(value: unknown): void {
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    (value as { [Symbol.dispose]?: () => void })[Symbol.dispose]?.();
  }
}
