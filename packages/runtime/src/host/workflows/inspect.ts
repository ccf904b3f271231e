/**
 * A workflow's instances and steps as the local explorer shows them, read from the engine's own
 * store: params, outputs and step results are deserialized here and shown as `util.inspect` text.
 */
import v8 from "node:v8";
import { inspect } from "node:util";
import type { WorkflowEngine } from "./engine.js";
import { parseError, type InstanceRow, type StepRow } from "./store.js";
import type { WorkflowError } from "../../protocol/workflows.js";

export interface WorkflowInstanceSummary {
  id: string;
  status: InstanceRow["status"];
  createdAt: number;
  updatedAt: number | null;
  /** When the engine runs it next (a sleep, a retry, a wait's timeout); null when only an event or a control call wakes it. */
  wakeAt: number | null;
}

export interface WorkflowStepView {
  key: string;
  kind: string;
  name: string;
  state: StepRow["state"];
  attempt: number;
  wakeAt: number | null;
  /** waitForEvent: the event type it waits for. */
  eventType: string | null;
  output?: string;
  error?: WorkflowError;
}

export interface WorkflowInstanceView extends WorkflowInstanceSummary {
  params: string;
  output?: string;
  error?: WorkflowError;
  steps: WorkflowStepView[];
  /** Sent with sendEvent and not taken by a waitForEvent yet. */
  pendingEvents: { type: string; timestamp: number; payload: string }[];
}

export function listInstances(engine: WorkflowEngine, limit: number): WorkflowInstanceSummary[] {
  return engine.store.instances(limit).map(summarize);
}

/** undefined when there is no such instance. */
export function describeInstance(engine: WorkflowEngine, id: string): WorkflowInstanceView | undefined {
  const row = engine.store.instance(id);
  if (!row) return undefined;
  const error = parseError(row.error);
  return {
    ...summarize(row),
    params: show(row.params),
    ...(row.output ? { output: show(row.output) } : {}),
    ...(error ? { error } : {}),
    steps: engine.store.steps(id).map(describeStep),
    pendingEvents: engine.store.pendingEvents(id).map((event) => ({
      type: event.type,
      timestamp: event.timestamp,
      payload: show(event.payload),
    })),
  };
}

function summarize(row: InstanceRow): WorkflowInstanceSummary {
  return { id: row.id, status: row.status, createdAt: row.created_at, updatedAt: row.updated_at, wakeAt: row.wake_at };
}

function describeStep(row: StepRow): WorkflowStepView {
  // Keys are `<kind>:<name>:<count>`; the name may hold colons itself.
  const kind = row.key.slice(0, row.key.indexOf(":"));
  const name = row.key.slice(kind.length + 1, row.key.lastIndexOf(":"));
  const error = parseError(row.error);
  return {
    key: row.key,
    kind,
    name,
    state: row.state,
    attempt: row.attempt,
    wakeAt: row.wake_at,
    eventType: row.event_type,
    ...(row.value ? { output: show(row.value) } : {}),
    ...(error ? { error } : {}),
  };
}

/** V8-serialized bytes as inspect text; bytes that do not deserialize are said to be so. */
function show(bytes: Uint8Array): string {
  try {
    return inspect(v8.deserialize(bytes), { depth: 6, breakLength: 100, maxStringLength: 4000, maxArrayLength: 200 });
  } catch (error) {
    return `<${bytes.byteLength} bytes that do not deserialize: ${(error as Error).message}>`;
  }
}
