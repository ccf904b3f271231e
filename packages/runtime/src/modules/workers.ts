/** `cloudflare:workers`, as seen by user code inside a generation. */
import { threadContext } from "../thread/context.js";
import { notImplemented } from "../shared/not-implemented.js";
import type { DurableObjectState } from "../bindings/durable-objects/state.js";

export { WebSocketRequestResponsePair } from "../thread/web-socket-request-response-pair.js";

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

/** Base class of RPC-capable objects passed by reference (stubs) rather than cloned. */
// oxlint-disable-next-line no-extraneous-class -- a marker base class, as in workerd
export class RpcTarget {}

/** Base class of class-based default and named worker entrypoints. */
export class WorkerEntrypoint<Env = unknown, Props = unknown> {
  protected ctx: ExecutionContextLike<Props>;
  protected env: Env;
  constructor(ctx: ExecutionContextLike<Props>, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/** Base class of Durable Objects (RPC is enabled only for classes extending it). */
export class DurableObject<Env = unknown> {
  protected ctx: DurableObjectState;
  protected env: Env;
  constructor(ctx: DurableObjectState, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/** Base class of Workflows. */
export class WorkflowEntrypoint<Env = unknown> {
  protected ctx: unknown;
  protected env: Env;
  constructor(ctx: unknown, env: Env) {
    this.ctx = ctx;
    this.env = env;
  }
}

/** `ctx.exports` / `exports`: loopback bindings to this worker's own entrypoints. */
export const exports: Record<string, unknown> = new Proxy(
  {},
  {
    get(_target, key) {
      if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
      return notImplemented(`exports.${key}`);
    },
  },
);

interface ExecutionContextLike<Props> {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: Props;
}
