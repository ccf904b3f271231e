/**
 * Per-thread state shared by the thread entry and the `cloudflare:*` modules. Both are loaded
 * natively in the generation's thread from the same URL, so they see one instance of it.
 */
export interface ThreadContext {
  /** The worker's `env`, filled in when the generation starts; the object itself never changes. */
  readonly env: Record<string, unknown>;
  /**
   * `exports` of `cloudflare:workers` (and `ctx.exports` when `ctxExports`): loopback bindings to
   * this worker's own entrypoints, filled in once the entry is imported (thread/ctx-exports.ts).
   */
  readonly exports: Record<string, unknown>;
  /** `ctx.exports` of handlers and Durable Objects: the same loopbacks in an object of its own (as in workerd); undefined when the compatibility date or flags disable it. */
  ctxExports: Record<string, unknown> | undefined;
  waitUntil(promise: unknown): void;
  abortIsolate(reason: string): never;
  /** `tracing` of `cloudflare:workers` and `ctx.tracing` (custom spans); set when the thread boots. */
  tracing: object;
}

const unset = (api: string) => () => {
  throw new Error(`[kindling] ${api} was called before the generation started.`);
};

export const threadContext: ThreadContext = {
  env: {},
  exports: {},
  ctxExports: undefined,
  waitUntil: unset("waitUntil()"),
  abortIsolate: unset("abortIsolate()"),
  tracing: {},
};
