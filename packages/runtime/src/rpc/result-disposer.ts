/**
 * workerd adds a disposer to every object an RPC call returns: disposing the result disposes every
 * stub it holds (https://developers.cloudflare.com/workers/runtime-apis/rpc/lifecycle/). A result
 * that is itself a stub keeps its own disposer; primitives get none.
 */
export function addResultDisposer(value: unknown, stubs: readonly object[]): unknown {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  if (stubs.includes(value)) return value;
  if (!Object.isExtensible(value)) return value;
  Object.defineProperty(value, Symbol.dispose, {
    value: () => {
      for (const stub of stubs) (stub as { [Symbol.dispose](): void })[Symbol.dispose]();
    },
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return value;
}
