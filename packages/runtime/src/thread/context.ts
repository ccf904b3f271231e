/**
 * Per-thread state shared by the thread entry and the `cloudflare:*` modules. Both are loaded
 * natively in the generation's thread from the same URL, so they see one instance of it.
 */
export interface ThreadContext {
  /** The worker's `env`, filled in when the generation starts; the object itself never changes. */
  readonly env: Record<string, unknown>;
  waitUntil(promise: unknown): void;
  abortIsolate(reason: string): never;
}

const unset = (api: string) => () => {
  throw new Error(`[kindling] ${api} was called before the generation started.`);
};

export const threadContext: ThreadContext = {
  env: {},
  waitUntil: unset("waitUntil()"),
  abortIsolate: unset("abortIsolate()"),
};
