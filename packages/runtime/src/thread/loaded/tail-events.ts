/**
 * What a loaded worker's tail workers receive (the Worker Loader's `tails`): one trace item per
 * event delivered to its entrypoints (a fetch or an RPC call), with the `console` lines written and
 * the exception thrown while it ran, sent to the parent once the event's answer is ready.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { LoadedTraceItem } from "../../protocol/loader.js";
import type { RpcAddress, RpcOperation, RpcOutcome } from "../../protocol/messages.js";
import { decode } from "../../protocol/rpc-codec.js";
import { redactHeaders, redactUrl } from "./redact.js";

type Collected = Pick<LoadedTraceItem, "logs" | "exceptions">;

const current = new AsyncLocalStorage<Collected>();
const levels = ["log", "info", "warn", "error", "debug"] as const;
let installed = false;

/** Wraps `console` so that what an event writes is also kept for its trace item. */
function installConsoleCapture(): void {
  if (installed) return;
  installed = true;
  for (const level of levels) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      current.getStore()?.logs.push({ timestamp: Date.now(), level, message: args.map(toLoggable) });
      original(...args);
    };
  }
}

/** Runs one delivered operation; an event for an entrypoint ends with its trace item given to `report`. */
export function traceEvent(
  address: RpcAddress,
  operation: RpcOperation,
  run: () => Promise<RpcOutcome>,
  report: (item: LoadedTraceItem) => void,
): Promise<RpcOutcome> {
  const event = eventOf(address, operation);
  if (address.kind !== "entrypoint" || !event) return run();
  installConsoleCapture();
  const collected: Collected = { logs: [], exceptions: [] };
  const start = Date.now();
  return current.run(collected, run).then((outcome) => {
    // An RPC method's exception is its result, delivered to the caller: workerd reports such an event as "ok".
    const failed = !outcome.ok && "request" in event;
    if (failed) {
      const error = decode(structuredClone(outcome.error), () => undefined) as Error;
      collected.exceptions.push({
        timestamp: Date.now(),
        name: error?.name ?? "Error",
        message: error?.message ?? "",
        stack: error?.stack,
      });
    }
    if ("request" in event && outcome.ok && "response" in outcome) event.response = { status: outcome.response.status };
    report({
      scriptName: null,
      ...(address.entrypoint !== "default" ? { entrypoint: address.entrypoint } : {}),
      event,
      eventTimestamp: start,
      ...collected,
      diagnosticsChannelEvents: [],
      outcome: failed ? "exception" : "ok",
      executionModel: "stateless",
      truncated: false,
      cpuTime: 0,
      wallTime: Date.now() - start,
    });
    return outcome;
  });
}

function eventOf(address: RpcAddress, operation: RpcOperation): LoadedTraceItem["event"] | undefined {
  if (address.kind !== "entrypoint") return undefined;
  if (operation.op === "fetch") {
    const { url, method, headers } = operation.request;
    return { request: { url: redactUrl(url), method, headers: redactHeaders(headers) } };
  }
  if (operation.op === "call" || operation.op === "get") return { rpcMethod: operation.path.join(".") };
  return undefined;
}

/** A console argument as the tail worker can receive it (structured-cloneable data, else its text). */
function toLoggable(value: unknown): unknown {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value === "function" || typeof value === "symbol") return String(value);
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}
