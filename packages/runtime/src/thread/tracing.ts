/**
 * `tracing` of `cloudflare:workers` and `ctx.tracing`: custom spans, shown in the explorer's
 * waterfall beside the automatic ones (https://developers.cloudflare.com/workers/observability/traces/custom-spans/).
 * A span begun outside any event, or with tracing off (`explorer: false`), records nothing and
 * reports `isTraced` false.
 */
import { randomBytes } from "node:crypto";
import { beginSpan, runInSpan, type OpenSpan } from "./tracer.js";

type AttributeValue = string | number | boolean | undefined;

export class Span {
  readonly #open: OpenSpan | undefined;
  #name: string;
  readonly #attributes: Record<string, string | number | boolean> = {};
  #error: string | undefined;
  readonly #ids = { traceId: randomBytes(16).toString("hex"), spanId: randomBytes(8).toString("hex") };

  /** @internal Made by `Tracing`. */
  constructor(name: string, open: OpenSpan | undefined) {
    this.#name = String(name);
    this.#open = open;
  }

  /** Whether this span is recorded (here: tracing is on and it was begun inside an event). */
  get isTraced(): boolean {
    return this.#open !== undefined;
  }

  spanContext(): { traceId: string; spanId: string; traceFlags: number } {
    return { ...this.#ids, traceFlags: this.isTraced ? 1 : 0 };
  }

  setAttribute(key: string, value?: AttributeValue): this {
    if (value === undefined) delete this.#attributes[String(key)];
    else this.#attributes[String(key)] = value;
    return this;
  }

  setAttributes(attributes: Record<string, AttributeValue>): this {
    for (const [key, value] of Object.entries(attributes ?? {})) this.setAttribute(key, value);
    return this;
  }

  recordException(exception: unknown): this {
    this.#error = describe(exception);
    return this;
  }

  setStatus(status: { code: "unset" | "ok" | "error"; message?: string }): this {
    if (status?.code === "error") this.#error ??= status.message ?? "error";
    return this;
  }

  updateName(name: string): this {
    this.#name = String(name);
    return this;
  }

  /** Ends the span; later changes are ignored. */
  end(): void {
    const entries = Object.entries(this.#attributes);
    this.#open?.finish({
      info: {
        name: this.#name,
        ...(entries.length > 0 ? { detail: entries.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ") } : {}),
      },
      ...(this.#error !== undefined ? { error: this.#error } : {}),
    });
  }

  /** @internal */
  static openOf(span: Span): OpenSpan | undefined {
    return span.#open;
  }
}

export class Tracing {
  /** Runs `callback(span, ...args)` in a new active span, ended when the callback returns or its promise settles. */
  enterSpan<T, A extends unknown[]>(name: string, callback: (span: Span, ...args: A) => T, ...args: A): T {
    const span = this.#begin(name);
    const open = Span.openOf(span);
    let result: T;
    try {
      result = open ? runInSpan(open, () => callback(span, ...args)) : callback(span, ...args);
    } catch (error) {
      span.recordException(error).end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => (span.end(), value),
        (error) => {
          span.recordException(error).end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  }

  /** Like `enterSpan`, but the span stays open until `span.end()`. */
  startActiveSpan<T>(name: string, callback: (span: Span) => T): T {
    const span = this.#begin(name);
    const open = Span.openOf(span);
    return open ? runInSpan(open, () => callback(span)) : callback(span);
  }

  /** A span that is not made active (other spans do not nest under it); end it with `span.end()`. */
  startSpan(name: string): Span {
    return this.#begin(name);
  }

  /** The active custom span, or a span standing for the event itself. */
  getActiveSpan(): Span {
    return new Span("", undefined);
  }

  #begin(name: string): Span {
    return new Span(name, beginSpan({ kind: "custom", name: String(name) }));
  }
}

function describe(exception: unknown): string {
  if (exception instanceof Error) return `${exception.name}: ${exception.message}`;
  if (exception && typeof exception === "object" && "message" in exception) return String(exception.message);
  return String(exception);
}
