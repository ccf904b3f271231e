/**
 * Per-thread state shared by the thread entry and the `cloudflare:*` modules. Both are loaded
 * natively in the generation's thread from the same URL, so they see one instance of it.
 */
import { notImplemented } from "../shared/not-implemented.js";

export interface ThreadContext {
  /** The worker's `env`, filled in when the generation starts; the object itself never changes. */
  readonly env: Record<string, unknown>;
  /** `ctx.exports` / `exports` of `cloudflare:workers`: loopback bindings to this worker's own entrypoints. */
  readonly exports: Record<string, unknown>;
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
  exports: new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === "symbol" || key === "then" || key === "toJSON") return undefined;
        return notImplemented(`exports.${key}`);
      },
    },
  ),
  waitUntil: unset("waitUntil()"),
  abortIsolate: unset("abortIsolate()"),
  tracing: {},
};
