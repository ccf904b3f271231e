/**
 * The host's bounded store of request traces: every fetch a generation served (recorded by the
 * host itself, so the hot path sends nothing extra across the thread boundary), the events a
 * generation began (triggers, Durable Object calls, alarms), and the spans and console lines the
 * thread reported for each. The oldest traces are dropped past `limit`; live listeners get the
 * changed summaries batched.
 */
import type { EventStart, LogRecord, SpanRecord, TraceBatch, WireRequest } from "@kindling/runtime/protocol";
import type { FetchOutcome, Generation, GenerationObserver } from "../generation/generation.js";
import { cleanStack } from "../overlay/clean-stack.js";

export interface TraceSummary {
  id: string;
  generation: number;
  type: "fetch" | EventStart["type"];
  /** "GET /path?query" for a fetch; the cron, object and method, ... otherwise. */
  label: string;
  status?: number;
  outcome: "pending" | "ok" | "exception";
  start: number;
  end?: number;
  spans: number;
  logs: number;
}

export interface RequestTrace extends Omit<TraceSummary, "spans" | "logs"> {
  error?: { message: string; stack: string };
  spans: SpanRecord[];
  logs: LogRecord[];
  /** Spans or lines past the per-trace cap that were dropped. */
  dropped: number;
}

export interface TraceStoreOptions {
  /** Traces kept. */
  limit?: number;
  /** Spans and lines kept per trace. */
  perTrace?: number;
}

type Listener = (changed: TraceSummary[]) => void;

export class TraceStore implements GenerationObserver {
  #traces = new Map<string, RequestTrace>();
  #limit: number;
  #perTrace: number;
  #listeners = new Set<Listener>();
  #changed = new Set<RequestTrace>();
  #flushing: NodeJS.Timeout | undefined;

  constructor(options: TraceStoreOptions = {}) {
    this.#limit = options.limit ?? 500;
    this.#perTrace = options.perTrace ?? 1000;
  }

  /** Newest first. */
  list(): TraceSummary[] {
    return [...this.#traces.values()].toReversed().map(summarize);
  }

  get(id: string): RequestTrace | undefined {
    return this.#traces.get(id);
  }

  /** Calls `listener` with summaries of new and changed traces, at most every 100 ms; returns the unsubscribe. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  fetchStarted(generation: Generation, id: number, request: WireRequest): void {
    const url = new URL(request.url);
    this.#add({
      id: `${generation.id}-f${id}`,
      generation: generation.id,
      type: "fetch",
      label: `${request.method} ${url.pathname}${url.search}`,
      outcome: "pending",
      start: Date.now(),
      spans: [],
      logs: [],
      dropped: 0,
    });
  }

  fetchEnded(generation: Generation, id: number, outcome: FetchOutcome): void {
    const trace = this.#traces.get(`${generation.id}-f${id}`);
    if (!trace) return;
    trace.end = Date.now();
    if (outcome.type === "response") {
      trace.status = outcome.response.status;
      trace.outcome = "ok";
    } else if (outcome.type === "pass-through") {
      trace.outcome = "ok";
      trace.label += " (passed through)";
    } else {
      trace.status = 500;
      trace.outcome = "exception";
      trace.error = describeError(outcome.error);
    }
    this.#touch(trace);
  }

  traced(generation: Generation, batch: TraceBatch): void {
    const key = (trace: string) => `${generation.id}-${trace}`;
    for (const start of batch.starts) {
      this.#add({
        id: key(start.trace),
        generation: generation.id,
        type: start.type,
        label: start.label,
        outcome: "pending",
        start: start.start,
        spans: [],
        logs: [],
        dropped: 0,
      });
    }
    for (const span of batch.spans) this.#append(key(span.trace), "spans", span);
    for (const log of batch.logs) this.#append(key(log.trace), "logs", log);
    for (const end of batch.ends) {
      const trace = this.#traces.get(key(end.trace));
      if (!trace) continue;
      trace.end = end.end;
      trace.outcome = end.outcome;
      if (end.error) trace.error = describeError(end.error);
      this.#touch(trace);
    }
  }

  #add(trace: RequestTrace): void {
    this.#traces.set(trace.id, trace);
    if (this.#traces.size > this.#limit) this.#traces.delete(this.#traces.keys().next().value!);
    this.#touch(trace);
  }

  #append<F extends "spans" | "logs">(id: string, field: F, record: RequestTrace[F][number]): void {
    const trace = this.#traces.get(id);
    if (!trace) return;
    const list = trace[field] as (typeof record)[];
    if (list.length >= this.#perTrace) trace.dropped++;
    else list.push(record);
    this.#touch(trace);
  }

  #touch(trace: RequestTrace): void {
    if (this.#listeners.size === 0) return;
    this.#changed.add(trace);
    if (this.#flushing) return;
    this.#flushing = setTimeout(() => this.#flush(), 100);
    this.#flushing.unref();
  }

  #flush(): void {
    this.#flushing = undefined;
    const changed = [...this.#changed].map(summarize);
    this.#changed.clear();
    for (const listener of this.#listeners) listener(changed);
  }
}

function summarize(trace: RequestTrace): TraceSummary {
  const { error: _error, dropped: _dropped, ...rest } = trace;
  return { ...rest, spans: trace.spans.length, logs: trace.logs.length };
}

function describeError(error: { name?: string; message: string; stack?: string }): { message: string; stack: string } {
  const message = `${error.name ?? "Error"}: ${error.message}`;
  return { message, stack: error.stack ? cleanStack(error.stack) : "" };
}
