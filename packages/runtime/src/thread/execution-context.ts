/** `ctx` of a handler invocation (ExecutionContext in @cloudflare/workers-types). */
import { threadContext } from "./context.js";

export class ExecutionContext<Props = unknown> {
  readonly props: Props;
  readonly exports = threadContext.exports;
  readonly tracing = threadContext.tracing;
  #track: (promise: Promise<unknown>) => void;
  #onAbort: (reason: unknown) => void;
  #passThrough = false;

  constructor(track: (promise: Promise<unknown>) => void, onAbort: (reason: unknown) => void, props: Props) {
    this.#track = track;
    this.#onAbort = onAbort;
    this.props = props;
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
