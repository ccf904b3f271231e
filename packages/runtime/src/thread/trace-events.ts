/**
 * Which events of a generation become traces, and how RPC leaving it becomes a span: the thread
 * entry wraps its handlers with these. All are pass-throughs until `enableTracing` (the host turns
 * tracing off with `kindling({ explorer: false })`).
 */
import type { RpcAddress, RpcOperation, RpcOutcome, TriggerEvent, TriggerResult } from "../protocol/messages.js";
import { toSerializedError } from "../protocol/errors.js";
import { decode } from "../protocol/rpc-codec.js";
import { assertNever } from "../shared/assert-never.js";
import type { SpanTracer } from "../bindings/traced-binding.js";
import { runEventTrace, runFetchTrace, spanTracer } from "./tracer.js";
import { installTracing } from "./install-tracing.js";

let enabled = false;

/** Turns tracing on for this thread's life (console and fetch are wrapped once). */
export function enableTracing(): SpanTracer {
  if (!enabled) installTracing(globalThis as unknown as Record<string, unknown>);
  enabled = true;
  return spanTracer;
}

export function traceFetch<T>(id: number, run: () => T): T {
  return enabled ? runFetchTrace(id, run) : run();
}

export function traceTrigger(event: TriggerEvent, run: () => Promise<TriggerResult>): Promise<TriggerResult> {
  if (!enabled) return run();
  return runEventTrace({ type: event.type, label: triggerLabel(event) }, run, (result) =>
    result.outcome === "exception" ? result.error : undefined,
  );
}

function triggerLabel(event: TriggerEvent): string {
  switch (event.type) {
    case "scheduled":
      return event.cron || "(no cron)";
    case "email":
      return `${event.from} → ${event.to}`;
    case "queue":
      return `${event.queue}: ${event.messages.length} ${event.messages.length === 1 ? "message" : "messages"}`;
    case "workflow":
      return `${event.workflow} ${event.instanceId} (run ${event.run})`;
    default:
      return assertNever(event, "trigger event");
  }
}

/** A call the host routed here: a Durable Object's method, fetch, alarm or WebSocket event, or an export's method. */
export function traceIncomingRpc(
  address: RpcAddress,
  operation: RpcOperation,
  run: () => Promise<RpcOutcome>,
): Promise<RpcOutcome> {
  if (!enabled || operation.op === "release" || operation.op === "dup" || operation.op === "get") return run();
  const type = operation.op === "alarm" ? "alarm" : operation.op === "websocket" ? "websocket" : "rpc";
  return runEventTrace({ type, label: `${receiverLabel(address)} ${operationLabel(operation)}` }, run, (outcome) =>
    outcome.ok ? undefined : toSerializedError(decode(outcome.error, () => undefined)),
  );
}

/** Wraps an RPC leaving through the endpoint (Durable Object stubs, service bindings) in a span. */
export function traceOutgoingRpc(
  address: RpcAddress,
  operation: RpcOperation,
  send: () => Promise<RpcOutcome>,
): Promise<RpcOutcome> {
  if (operation.op === "release" || operation.op === "dup") return send();
  return spanTracer.span(
    {
      kind: address.kind === "object" ? "durable_object_namespace" : "rpc",
      name: operationLabel(operation),
      detail: receiverLabel(address),
    },
    send,
    (outcome) => (outcome.ok ? undefined : "threw"),
  );
}

function receiverLabel(address: RpcAddress): string {
  if (address.kind === "export") return `export #${address.export} of generation ${address.generation}`;
  if (address.kind === "entrypoint") return `${address.worker} ${address.entrypoint}`;
  return `${address.storageName} ${address.name === undefined ? address.id.slice(0, 16) + "…" : JSON.stringify(address.name)}`;
}

function operationLabel(operation: RpcOperation): string {
  switch (operation.op) {
    case "call":
      return `${operation.path.join(".")}()`;
    case "get":
      return operation.path.join(".");
    case "fetch":
      return `fetch ${operation.request.method} ${operation.request.url}`;
    case "alarm":
      return "alarm()";
    case "websocket":
      return `webSocket ${operation.event.type}`;
    case "release":
      return "release";
    case "dup":
      return "dup";
    default:
      return assertNever(operation, "RPC operation");
  }
}
