/** Traces what user code does outside bindings: its console lines and its outbound `fetch` calls. */
import type { LogRecord } from "../protocol/trace.js";
import { spanTracer, traceLog } from "./tracer.js";

const levels: LogRecord["level"][] = ["log", "info", "warn", "error", "debug"];

export function installTracing(g: Record<string, unknown>): void {
  const console = g.console as Record<string, (...args: unknown[]) => void>;
  for (const level of levels) {
    const original = console[level]!;
    console[level] = function (this: unknown, ...args: unknown[]) {
      traceLog(level, args);
      return original.apply(this, args);
    };
  }
  const outbound = g.fetch as typeof fetch;
  g.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const url = input instanceof Request ? input.url : String(input);
    return spanTracer.span(
      { kind: "fetch", name: method.toUpperCase(), detail: url },
      () => outbound(input, init),
      (response) => String(response.status),
    );
  };
}
