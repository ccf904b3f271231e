/** What the engine knows of the runs in flight, and what it tells the dev server about instances. */
import type { Clock } from "../../storage/clock.js";
import type {
  WorkflowInstanceStatus,
  WorkflowRetryPolicy,
  WorkflowRunEvent,
  WorkflowStepError,
} from "../../protocol/workflows.js";
import type { InstanceRow, StoredStatus, WorkflowStore } from "./store.js";

/** A `step.do` attempt being executed by a generation. */
export interface Attempt {
  name: string;
  attempt: number;
  policy: WorkflowRetryPolicy;
}

/** A run dispatched to a generation and not yet let go of. */
export interface ActiveRun {
  run: number;
  /** Attempts in progress, by step key: their results are recorded when they come back. */
  executing: Map<string, Attempt>;
  /** A step told the run to stop for something other than a sleep or an event (a retry, newer code). */
  keepsRunning: boolean;
}

/**
 * How a run's dispatch ended: `ok` once the generation let go of it; else why not. `stall`: the
 * current code cannot run it (no such class, a failed build), so it waits for the next generation;
 * otherwise the generation died under it and the next run goes to a fresh one at once.
 */
export type RunOutcome = { ok: true } | { ok: false; reason: string; stall: boolean };

/** What the engine reports for the terminal and the overlay. */
export type WorkflowEngineEvent =
  | {
      type: "status";
      workflow: string;
      instanceId: string;
      status: WorkflowInstanceStatus;
      error?: WorkflowStepError;
      /** What a waiting instance waits for. */
      waitingFor?: string;
    }
  | {
      type: "step-failed";
      workflow: string;
      instanceId: string;
      step: string;
      attempt: number;
      error: WorkflowStepError;
      /** Milliseconds until the next attempt; absent: the error goes to `run()`; null: it ended the instance. */
      retryIn?: number | null;
    }
  /** The current generation could not run the instance (no such class, a broken build): it waits for the next one. */
  | { type: "stalled"; workflow: string; instanceId: string; reason: string };

export interface WorkflowEngineOptions {
  /** The workflow's name (`workflows[].name`). */
  workflow: string;
  /** Its state file. */
  file: string;
  clock: Clock;
  /** Runs one run of an instance in the worker's current generation; resolves once that generation let go of it. */
  run(event: WorkflowRunEvent): Promise<RunOutcome>;
  /** Whether generation `id` runs the newest code (no newer generation, no change waiting to be built). */
  isCurrent(generation: number): boolean;
  onEvent?(event: WorkflowEngineEvent): void;
  /** Runs in flight at once; more wait, `queued`. */
  concurrency?: number;
}

/** The engine's parts the step protocol works with. */
export interface EngineCore {
  readonly workflow: string;
  readonly store: WorkflowStore;
  readonly clock: Clock;
  readonly active: Map<string, ActiveRun>;
  isCurrent(generation: number): boolean;
  /** Writes the status (and other fields) and reports a change. */
  setStatus(
    row: InstanceRow,
    status: StoredStatus,
    fields?: Partial<InstanceRow>,
    report?: { error?: WorkflowStepError; waitingFor?: string },
  ): void;
  emit(event: WorkflowEngineEvent): void;
}
