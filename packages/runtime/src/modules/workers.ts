/** `cloudflare:workers`, as seen by user code inside a generation. */
import { threadContext } from "../thread/context.js";

export { WebSocketRequestResponsePair } from "../web/web-socket-request-response-pair.js";
export { DurableObject, RpcTarget, WorkerEntrypoint, WorkflowEntrypoint } from "../rpc/targets.js";

export const env = threadContext.env;

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

/** `ctx.exports` / `exports`: loopback bindings to this worker's own entrypoints. */
export const exports = threadContext.exports;
