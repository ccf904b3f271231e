/**
 * The generation's side of request traces: which event the code running now belongs to (an
 * AsyncLocalStorage scope, so it follows awaits, timers and callbacks), spans of binding calls,
 * outbound fetches and RPC, and console lines. Records are batched and sent to the host with one
 * `trace` event per turn of the event loop, so a busy request path pays one message per batch.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { EventStart, LogRecord, SpanRecord, TraceBatch } from "../protocol/trace.js";
import { toSerializedError, type SerializedError } from "../protocol/errors.js";
import type { SpanInfo, SpanTracer } from "../bindings/traced-binding.js";
import { host } from "./host-channel.js";
import { clearTimeout, setTimeout } from "node:timers";
import { performance } from "node:perf_hooks";

interface Scope {
  trace: string;
  span?: number;
}

const scope = new AsyncLocalStorage<Scope>();
let batch: TraceBatch | undefined;
let nextSpan = 1;
let nextEvent = 1;

const now = () => performance.timeOrigin + performance.now();

/**
 * Records wait up to `flushDelay` ms (or until `flushSize` of them): one message per request would
 * cost the host, whose main thread serves every request, about a third of its throughput on a
 * route that calls bindings (measured with bench/tracing.mjs).
 */
const flushDelay = 50;
const flushSize = 500;
let recorded = 0;
let timer: ReturnType<typeof setTimeout> | undefined;

function pending(): TraceBatch {
  if (++recorded >= flushSize) queueMicrotask(flushTraces);
  if (!batch) {
    batch = { starts: [], spans: [], logs: [], ends: [] };
    // Node's own timer: one set while a Durable Object's code runs must not belong to the object.
    timer = setTimeout(flushTraces, flushDelay);
  }
  return batch;
}

/** Sends what was recorded now (before the generation drains or aborts). */
export function flushTraces(): void {
  const sending = batch;
  batch = undefined;
  recorded = 0;
  clearTimeout(timer);
  if (sending) host.notify("trace", sending);
}

/** Runs a fetch the host sent as request `id` inside its trace ("f<id>", which the host knows). */
export function runFetchTrace<T>(id: number, run: () => T): T {
  return scope.run({ trace: `f${id}` }, run);
}

/**
 * Runs an event the host did not start as a fetch (a trigger, an RPC or Durable Object call) as a
 * trace of its own; `failure` tells whether its result is a failure.
 */
export async function runEventTrace<T>(
  start: Omit<EventStart, "trace" | "start">,
  run: () => Promise<T>,
  failure: (result: T) => SerializedError | undefined,
): Promise<T> {
  const trace = `e${nextEvent++}`;
  pending().starts.push({ trace, ...start, start: now() });
  let error: SerializedError | undefined;
  try {
    const result = await scope.run({ trace }, run);
    error = failure(result);
    return result;
  } catch (thrown) {
    error = toSerializedError(thrown);
    throw thrown;
  } finally {
    pending().ends.push({ trace, end: now(), outcome: error ? "exception" : "ok", ...(error ? { error } : {}) });
  }
}

/** A span begun in the event running now; `finish` records it (once). */
export interface OpenSpan {
  readonly trace: string;
  readonly id: number;
  readonly start: number;
  finish(outcome?: { error?: unknown; result?: string; info?: Partial<SpanInfo> }): void;
}

/** Begins a span in the event running now (a child of the active span), or undefined outside any event or with tracing off. */
export function beginSpan(info: SpanInfo): OpenSpan | undefined {
  const parent = scope.getStore();
  if (!parent) return undefined;
  const id = nextSpan++;
  const start = now();
  let finished = false;
  return {
    trace: parent.trace,
    id,
    start,
    finish(outcome = {}) {
      if (finished) return;
      finished = true;
      const span: SpanRecord = { trace: parent.trace, id, ...info, ...outcome.info, start, end: now() };
      if (parent.span !== undefined) span.parent = parent.span;
      if (outcome.error !== undefined) span.error = describeError(outcome.error);
      if (outcome.result !== undefined) span.result = outcome.result;
      pending().spans.push(span);
    },
  };
}

/** Runs `run` with `span` as the active span: spans begun inside are its children. */
export function runInSpan<T>(span: OpenSpan, run: () => T): T {
  return scope.run({ trace: span.trace, span: span.id }, run);
}

export const spanTracer: SpanTracer = {
  span<T>(info: SpanInfo, run: () => T, describe?: (value: Awaited<T>) => string | undefined): T {
    const span = beginSpan(info);
    if (!span) return run();
    const succeed = (value: unknown) => {
      let result: string | undefined;
      try {
        result = describe?.(value as Awaited<T>);
      } catch {
        // a result we cannot describe is still a result
      }
      span.finish(result === undefined ? {} : { result });
    };
    let result: T;
    try {
      result = runInSpan(span, run);
    } catch (error) {
      span.finish({ error: error ?? "undefined" });
      throw error;
    }
    if (!(result instanceof Promise)) {
      succeed(result);
      return result;
    }
    return result.then(
      (value) => (succeed(value), value),
      (error) => {
        span.finish({ error: error ?? "undefined" });
        throw error;
      },
    ) as T;
  },
};

/** A console line of the event running now (lines outside any event are not traced). */
export function traceLog(level: LogRecord["level"], args: unknown[]): void {
  const current = scope.getStore();
  if (!current) return;
  pending().logs.push({ trace: current.trace, level, text: format(...args), time: now() });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
