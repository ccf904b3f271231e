/**
 * The classes whose instances RPC passes by reference (as stubs) rather than cloning, exported to
 * user code by `cloudflare:workers`. One copy per thread: `cloudflare:workers` is loaded natively.
 */

/** Base class of RPC-capable objects passed by reference (stubs) rather than cloned. */
// oxlint-disable-next-line no-extraneous-class -- a marker base class, as in workerd
export class RpcTarget {}

interface ExecutionContextLike<Props> {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException(): void;
  readonly props: Props;
}

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
export class DurableObject<Env = unknown, State = unknown> {
  protected ctx: State;
  protected env: Env;
  constructor(ctx: State, env: Env) {
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

const byReference = new WeakSet<object>();

/** Binding objects (a KV namespace, an R2 bucket...) cross RPC as stubs of themselves, e.g. in a loaded worker's env. */
export function passByReference(value: object): void {
  byReference.add(value);
}

/** Whether RPC passes `value` by reference: an instance of one of the classes above, or a binding. */
export function isRpcTarget(value: object): boolean {
  return (
    value instanceof RpcTarget || value instanceof DurableObject || value instanceof WorkerEntrypoint || byReference.has(value)
  );
}
