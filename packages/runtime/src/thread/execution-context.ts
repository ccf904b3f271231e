/** `ctx` of a handler invocation (ExecutionContext in @cloudflare/workers-types). */
import { threadContext } from "./context.js";

export class ExecutionContext<Props = unknown> {
  readonly props: Props;
  readonly tracing = threadContext.tracing;
  #track: (promise: Promise<unknown>) => void;
  #onAbort: (reason: unknown) => void;
  #passThrough = false;

  constructor(track: (promise: Promise<unknown>) => void, onAbort: (reason: unknown) => void, props: Props) {
    this.#track = track;
    this.#onAbort = onAbort;
    this.props = props;
  }

  /** Loopback bindings to this worker's own entrypoints and Durable Object classes (thread/ctx-exports.ts). */
  get exports(): Record<string, unknown> | undefined {
    return threadContext.ctxExports;
  }

  waitUntil(promise: Promise<unknown>): void {
    this.#track(Promise.resolve(promise));
  }

  passThroughOnException(): void {
    this.#passThrough = true;
  }

  abort(reason?: unknown): void {
    this.#onAbort(reason ?? new Error("The execution context was aborted."));
  }

  /** Whether the user called passThroughOnException(); read by the runtime, not user code. */
  static passesThrough(ctx: ExecutionContext): boolean {
    return ctx.#passThrough;
  }
}
