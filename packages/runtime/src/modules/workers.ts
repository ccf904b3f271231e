/** `cloudflare:workers`, as seen by user code inside a generation. */
import { threadContext } from "../thread/context.js";
import { overridable } from "./env-override.js";

export { DurableObject, RpcTarget, WorkerEntrypoint, WorkflowEntrypoint } from "../rpc/targets.js";
export { RpcStub } from "../rpc/stub.js";
export { RpcPromise, RpcProperty } from "../rpc/promise-classes.js";
export { Fetcher as ServiceStub } from "../rpc/fetcher.js";
export { withEnv, withExports, withEnvAndExports } from "./env-override.js";
export { cache } from "./cache-context.js";

/** The worker's env; inside `withEnv(newEnv, fn)` (and `withEnvAndExports`), `newEnv`. */
export const env = overridable(threadContext.env, "env");

export function waitUntil(promise: Promise<unknown>): void {
  threadContext.waitUntil(promise);
}

/**
 * Ends this generation at once: every in-flight request fails with `reason`, and the next request
 * is served by a fresh generation of the same code (module state reset).
 */
export function abortIsolate(reason?: string): never {
  return threadContext.abortIsolate(reason === undefined ? "abortIsolate() was called" : String(reason));
}

/** Custom spans (`tracing.enterSpan(name, fn)`), shown in the explorer's request waterfall. */
export const tracing = threadContext.tracing;

/** `ctx.exports` / `exports`: loopback bindings to this worker's own entrypoints; inside `withExports(newExports, fn)`, `newExports`. */
export const exports = overridable(threadContext.exports, "exports");

/**
 * workerd's key for restoring a worker's state from a snapshot (used by Python Workers' memory
 * snapshots): a unique symbol, as in workerd. Nothing in Kindling takes snapshots.
 */
export const restore: unique symbol = Symbol("cloudflare:workers:restore");
