/**
 * Workflows across the thread boundary: what a generation's binding and step runner ask of the
 * host's workflow engine (`HostUnitApis.workflow`), and the event that runs an instance.
 */

/** `instance.status().status` (Cloudflare's `InstanceStatus`). */
export type WorkflowInstanceStatus =
  | "queued"
  | "running"
  | "paused"
  | "errored"
  | "terminated"
  | "complete"
  | "waiting"
  | "waitingForPause"
  | "unknown";

/** An error as Workflows reports it: `status().error`, and what a failed step throws into `run()`. */
export interface WorkflowError {
  name: string;
  message: string;
}

/** A step's error with the stack the terminal and the overlay show (status() never does). */
export interface WorkflowStepError extends WorkflowError {
  stack?: string;
}

/** `instance.status()`: `output` is null until the instance completes; `error` only when it errored. */
export interface WorkflowStatusReport {
  status: WorkflowInstanceStatus;
  error?: WorkflowError;
  output: unknown;
}

/** An instance to create: its id (validated by the binding) and its V8-serialized params. */
export interface WorkflowNewInstance {
  id: string;
  params: Uint8Array;
}

/** Why `createBatch` skipped an instance (production's codes and messages). */
export interface WorkflowBatchError {
  index: number;
  id: string;
  code: number;
  message: string;
}

export type WorkflowControl = "pause" | "resume" | "terminate" | "restart";

/**
 * One run of an instance: the generation replays `run()` from the top, its finished steps answered
 * from the engine's records. Every step call names the run, so the engine ignores a run it has
 * moved on from (terminated, restarted).
 */
export interface WorkflowRunRef {
  workflow: string;
  instanceId: string;
  run: number;
  /** The generation executing the run: the engine moves a run on to newer code at a step boundary. */
  generation: number;
}

/** A `step.do` config with the defaults applied and the durations in milliseconds (a delay function's delay is 0). */
export interface WorkflowRetryPolicy {
  limit: number;
  delay: number;
  backoff: "constant" | "linear" | "exponential";
  timeout: number;
}

/** Milliseconds before attempt `attempt + 1` of a step whose attempt `attempt` failed. */
export function retryDelay(policy: WorkflowRetryPolicy, attempt: number): number {
  switch (policy.backoff) {
    case "constant":
      return policy.delay;
    case "linear":
      return policy.delay * attempt;
    case "exponential":
      return policy.delay * 2 ** (attempt - 1);
  }
}

/** A step of a run, keyed `<kind>:<name>:<count>` (the count tells apart steps of the same name). */
export type WorkflowStepRequest =
  | { kind: "do"; key: string; name: string; policy: WorkflowRetryPolicy }
  /** `step.sleep` (a duration from the first time it is reached) or `step.sleepUntil` (a time). */
  | { kind: "sleep"; key: string; name: string; duration?: number; until?: number }
  | { kind: "waitForEvent"; key: string; name: string; type: string; timeout: number };

/** The engine's answer when a step is reached. */
export type WorkflowStepAnswer =
  /** Finished before: its V8-serialized result (do, waitForEvent) or nothing (sleep). */
  | { type: "done"; value: Uint8Array | null }
  /** Failed before (retries exhausted, a timed-out wait): the error `run()` sees again. */
  | { type: "failed"; error: WorkflowError }
  /** Execute the callback now, as attempt `attempt`. */
  | { type: "run"; attempt: number }
  /** Stop here: the engine runs the instance again when it can go on (sleep, event, retry, resume, newer code). */
  | { type: "suspend" }
  /** The run is over (terminated, restarted, errored): stop without reporting anything. */
  | { type: "cancelled" };

/** How a step attempt failed: retried per its policy, thrown into `run()`, or ending the instance. */
export type WorkflowFailure = "retry" | "fail" | "abort";

/** How `run()` ended. */
export type WorkflowRunResult = { type: "complete"; output: Uint8Array | null } | { type: "errored"; error: WorkflowError };

/** The workflow engine on the host, as a generation calls it (protocol/host-units.ts). */
export interface WorkflowHostApi {
  /** Throws production's "already exists" error for a taken id. */
  create(workflow: string, instance: WorkflowNewInstance): void;
  /** Creates those not taken (nor repeated in the batch); the others are reported. */
  createBatch(workflow: string, instances: WorkflowNewInstance[]): { created: string[]; errors: WorkflowBatchError[] };
  exists(workflow: string, id: string): boolean;
  status(workflow: string, id: string): WorkflowStatusReport;
  control(workflow: string, id: string, action: WorkflowControl): void;
  sendEvent(workflow: string, id: string, event: { type: string; payload: Uint8Array; timestamp: number }): void;
  delete(workflow: string, ids: string[]): { deleted: string[]; missing: string[] };
  /** A run reached a step. */
  step(ref: WorkflowRunRef, step: WorkflowStepRequest): WorkflowStepAnswer;
  /** A `step.do` attempt returned `value` (V8-serialized); false: the run is over, the value is dropped. */
  stepDone(ref: WorkflowRunRef, key: string, value: Uint8Array): boolean;
  /**
   * A `step.do` attempt failed; `retryDelay` is the wait before the next attempt, if its policy allows
   * one. The answer says what the step does next (another attempt, a wait, the error).
   */
  stepFailed(
    ref: WorkflowRunRef,
    key: string,
    error: WorkflowStepError,
    failure: WorkflowFailure,
    retryDelay: number,
  ): WorkflowStepAnswer;
  /** `run()` settled. */
  finish(ref: WorkflowRunRef, result: WorkflowRunResult): void;
}

/** Runs one run of an instance in a generation (a TriggerEvent). */
export interface WorkflowRunEvent {
  type: "workflow";
  workflow: string;
  instanceId: string;
  run: number;
  /** V8-serialized params. */
  params: Uint8Array;
  /** When the instance was created (ms since the epoch): `event.timestamp`. */
  createdAt: number;
}
