/**
 * What a generation reports about the work it does, for the explorer's request traces: spans
 * (binding calls, outbound fetches, RPC), console lines, and the start and end of events the host
 * did not start itself (triggers, Durable Object calls). Sent batched with the `trace` event.
 * Times are milliseconds since the epoch (fractional: `performance.timeOrigin + performance.now()`).
 */
import type { SerializedError } from "./errors.js";

/** One traced operation inside an event. */
export interface SpanRecord {
  /** The event it belongs to: "f<id>" for the host's fetch `id`, "e<n>" for an event the thread began. */
  trace: string;
  id: number;
  /** The span it ran inside, if any. */
  parent?: number;
  /** What was called: a binding kind ("kv", "d1", ...), "fetch" (outbound) or "rpc". */
  kind: string;
  /** The binding's name on `env`, when it is a binding call. */
  binding?: string;
  /** The operation, as Cloudflare names it, e.g. "get", "prepare().all". */
  name: string;
  /** The key, SQL, URL or method it was called with (shortened). */
  detail?: string;
  start: number;
  end: number;
  /** Short text about the result, e.g. "miss", "3 rows", "200". */
  result?: string;
  /** The error's "Name: message" when the operation threw. */
  error?: string;
}

export interface LogRecord {
  trace: string;
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
  time: number;
}

/** An event that did not come in as a fetch from the host: a trigger, an RPC or Durable Object call, an alarm. */
export interface EventStart {
  trace: string;
  type: "scheduled" | "email" | "queue" | "workflow" | "rpc" | "alarm" | "websocket";
  /** What the list shows, e.g. the cron, the object and method. */
  label: string;
  start: number;
}

export interface EventEnd {
  trace: string;
  end: number;
  outcome: "ok" | "exception";
  error?: SerializedError;
}

/** One `trace` event: what a generation did since the last one. */
export interface TraceBatch {
  starts: EventStart[];
  spans: SpanRecord[];
  logs: LogRecord[];
  ends: EventEnd[];
}
