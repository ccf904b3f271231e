/**
 * The engine's side of a run: each step a generation reaches is answered from the records (a
 * replay), executed (an attempt), or stops the run (a sleep, an event, a retry delay, a pause, or
 * newer code to run in). A result is durable before the run goes on, and an attempt is handed to
 * one run only: the generation that executes it is the only one that can record it.
 */
import v8 from "node:v8";
import {
  retryDelay,
  type WorkflowRunRef,
  type WorkflowRunResult,
  type WorkflowStepAnswer,
  type WorkflowStepError,
  type WorkflowStepRequest,
  type WorkflowFailure,
} from "../../protocol/workflows.js";
import type { ActiveRun, Attempt, EngineCore } from "./runs.js";
import { finalStatuses, parseError, parsePolicy, type InstanceRow } from "./store.js";
import { eventTimedOut, sleepInThePast } from "./wording.js";

const suspend: WorkflowStepAnswer = { type: "suspend" };
const cancelled: WorkflowStepAnswer = { type: "cancelled" };

interface Live {
  row: InstanceRow;
  active: ActiveRun;
}

export class WorkflowSteps {
  #core: EngineCore;

  constructor(core: EngineCore) {
    this.#core = core;
  }

  step(ref: WorkflowRunRef, request: WorkflowStepRequest): WorkflowStepAnswer {
    const live = this.#live(ref);
    if (!live) return cancelled;
    const gate = this.#gate(live, ref);
    if (gate) return gate;
    switch (request.kind) {
      case "do":
        return this.#beginDo(live, request.key, { name: request.name, attempt: 0, policy: request.policy });
      case "sleep":
        return this.#sleep(live, request);
      case "waitForEvent":
        return this.#waitForEvent(live, request);
    }
  }

  stepDone(ref: WorkflowRunRef, key: string, value: Uint8Array): boolean {
    const attempt = this.#takeAttempt(ref, key);
    const live = this.#live(ref);
    if (!attempt || !live) return false;
    const { store } = this.#core;
    store.write(() => {
      store.putStep(ref.instanceId, { key, state: "done", attempt: attempt.attempt, wake_at: null, value });
      this.#settlePause(live);
    });
    return true;
  }

  stepFailed(
    ref: WorkflowRunRef,
    key: string,
    error: WorkflowStepError,
    failure: WorkflowFailure,
    retryDelay: number,
  ): WorkflowStepAnswer {
    const attempt = this.#takeAttempt(ref, key);
    const live = this.#live(ref);
    if (!attempt || !live) return cancelled;
    const { store, clock, workflow } = this.#core;
    const id = ref.instanceId;
    const failed = { workflow, instanceId: id, step: attempt.name, attempt: attempt.attempt, error };
    if (failure === "abort") {
      this.#core.emit({ type: "step-failed", ...failed, retryIn: null });
      this.#core.setStatus(live.row, "errored", { wake_at: null, error: JSON.stringify(plain(error)) }, { error });
      return cancelled;
    }
    if (failure === "fail" || attempt.attempt > attempt.policy.limit) {
      this.#core.emit({ type: "step-failed", ...failed });
      store.write(() => {
        store.putStep(id, { key, state: "failed", attempt: attempt.attempt, wake_at: null, error: JSON.stringify(plain(error)) });
        this.#settlePause(live);
      });
      return { type: "failed", error: plain(error) };
    }
    const retryAt = clock.now() + Math.max(0, retryDelay);
    this.#core.emit({ type: "step-failed", ...failed, retryIn: Math.max(0, retryDelay) });
    store.write(() => {
      store.putStep(id, { key, state: "retrying", attempt: attempt.attempt, wake_at: retryAt });
      this.#settlePause(live);
    });
    const next = this.#live(ref);
    if (!next) return cancelled;
    return this.#gate(next, ref) ?? this.#beginDo(next, key, attempt);
  }

  /**
   * The generation of a run ended while attempts ran (it was aborted, blocked its event loop, or
   * outlived the drain timeout): each counts as a failed attempt, retried per its policy, so a
   * step that always kills its generation ends up failing instead of looping.
   */
  interrupted(instanceId: string, active: ActiveRun, reason: string): void {
    const { store, clock, workflow } = this.#core;
    const error = { name: "Error", message: reason };
    for (const [key, attempt] of active.executing) {
      const last = attempt.attempt > attempt.policy.limit;
      const retryIn = retryDelay(attempt.policy, attempt.attempt);
      const failed = { workflow, instanceId, step: attempt.name, attempt: attempt.attempt, error };
      this.#core.emit(last ? { type: "step-failed", ...failed } : { type: "step-failed", ...failed, retryIn });
      store.write(() => {
        if (!store.instance(instanceId)) return;
        if (last)
          store.putStep(instanceId, {
            key,
            state: "failed",
            attempt: attempt.attempt,
            wake_at: null,
            error: JSON.stringify(error),
          });
        else store.putStep(instanceId, { key, state: "retrying", attempt: attempt.attempt, wake_at: clock.now() + retryIn });
      });
    }
    active.executing.clear();
  }

  finish(ref: WorkflowRunRef, result: WorkflowRunResult): void {
    const live = this.#live(ref);
    if (!live) return;
    if (result.type === "complete") {
      this.#core.setStatus(live.row, "complete", { wake_at: null, output: result.output });
    } else {
      const error = result.error;
      this.#core.setStatus(live.row, "errored", { wake_at: null, error: JSON.stringify(plain(error)) }, { error });
    }
  }

  /** The instance and its run, if `ref` still names the run in flight of an instance with work ahead. */
  #live(ref: WorkflowRunRef): Live | undefined {
    const row = this.#core.store.instance(ref.instanceId);
    const active = this.#core.active.get(ref.instanceId);
    if (!row || !active || row.run !== ref.run || active.run !== ref.run || finalStatuses.includes(row.status)) return undefined;
    return { row, active };
  }

  #takeAttempt(ref: WorkflowRunRef, key: string): Attempt | undefined {
    const active = this.#core.active.get(ref.instanceId);
    if (active?.run !== ref.run) return undefined;
    const attempt = active.executing.get(key);
    active.executing.delete(key);
    return attempt;
  }

  /** Stops a run that is paused, or runs older code than the newest (its replay goes on in the new code). */
  #gate({ row, active }: Live, ref: WorkflowRunRef): WorkflowStepAnswer | undefined {
    if (row.status === "paused") return suspend;
    if (row.status === "waitingForPause") {
      this.#settlePause({ row, active });
      return suspend;
    }
    if (!this.#core.isCurrent(ref.generation)) return this.#suspend({ row, active }, this.#core.clock.now(), true);
    return undefined;
  }

  #beginDo(live: Live, key: string, attempt: Attempt): WorkflowStepAnswer {
    const step = this.#core.store.step(live.row.id, key);
    if (step?.state === "done") return { type: "done", value: step.value };
    if (step?.state === "failed") return { type: "failed", error: parseError(step.error)! };
    if (step?.state === "retrying" && step.wake_at! > this.#core.clock.now()) return this.#suspend(live, step.wake_at!, true);
    const next = (step?.attempt ?? 0) + 1;
    // The policy of the code that runs now: an edit during retries applies to the next ones.
    live.active.executing.set(key, { name: attempt.name, attempt: next, policy: attempt.policy });
    return { type: "run", attempt: next };
  }

  #sleep(live: Live, request: Extract<WorkflowStepRequest, { kind: "sleep" }>): WorkflowStepAnswer {
    const { store, clock } = this.#core;
    const id = live.row.id;
    const now = clock.now();
    const step = store.step(id, request.key);
    if (step?.state === "done") return { type: "done", value: null };
    if (!step && request.until !== undefined && request.until < now) return { type: "failed", error: sleepInThePast() };
    const until = step?.wake_at ?? request.until ?? now + (request.duration ?? 0);
    return store.write(() => {
      if (until <= now) {
        store.putStep(id, { key: request.key, state: "done", attempt: 0, wake_at: null });
        return { type: "done", value: null } satisfies WorkflowStepAnswer;
      }
      if (!step) store.putStep(id, { key: request.key, state: "sleeping", attempt: 0, wake_at: until });
      return this.#suspend(live, until, false, `the end of step.sleep "${request.name}" at ${new Date(until).toISOString()}`);
    });
  }

  #waitForEvent(live: Live, request: Extract<WorkflowStepRequest, { kind: "waitForEvent" }>): WorkflowStepAnswer {
    const { store, clock } = this.#core;
    const id = live.row.id;
    const now = clock.now();
    const step = store.step(id, request.key);
    if (step?.state === "done") return { type: "done", value: step.value };
    if (step?.state === "failed") return { type: "failed", error: parseError(step.error)! };
    const deadline = step?.wake_at ?? now + request.timeout;
    const timeout = (parsePolicy(step?.policy ?? null).timeout as number | undefined) ?? request.timeout;
    return store.write(() => {
      const event = store.firstEvent(id, request.type);
      if (event) {
        const delivered = { payload: v8.deserialize(event.payload), type: event.type, timestamp: new Date(event.timestamp) };
        const value = v8.serialize(delivered);
        store.deleteEvent(event.seq);
        store.putStep(id, { key: request.key, state: "done", attempt: 0, wake_at: null, value });
        return { type: "done", value } satisfies WorkflowStepAnswer;
      }
      if (deadline <= now) {
        const error = eventTimedOut(timeout);
        store.putStep(id, { key: request.key, state: "failed", attempt: 0, wake_at: null, error: JSON.stringify(error) });
        return { type: "failed", error } satisfies WorkflowStepAnswer;
      }
      if (!step) {
        const policy = JSON.stringify({ timeout });
        store.putStep(id, {
          key: request.key,
          state: "waiting",
          attempt: 0,
          wake_at: deadline,
          event_type: request.type,
          policy,
        });
      }
      const until = new Date(deadline).toISOString();
      return this.#suspend(live, deadline, false, `an event of type "${request.type}" (step "${request.name}", until ${until})`);
    });
  }

  /** The run stops here; the instance runs again at `at` (or when an event it waits for arrives). */
  #suspend({ row, active }: Live, at: number, keepsRunning: boolean, waitingFor?: string): WorkflowStepAnswer {
    if (keepsRunning) active.keepsRunning = true;
    const fresh = this.#core.store.instance(row.id) ?? row;
    const wake = Math.min(fresh.wake_at ?? Infinity, at);
    this.#core.setStatus(fresh, active.keepsRunning ? "running" : "waiting", { wake_at: wake }, { waitingFor });
    return suspend;
  }

  /** A pause asked for while attempts ran takes effect once none runs. */
  #settlePause({ row, active }: Live): void {
    const fresh = this.#core.store.instance(row.id) ?? row;
    if (fresh.status === "waitingForPause" && active.executing.size === 0) this.#core.setStatus(fresh, "paused");
  }
}

function plain(error: WorkflowStepError): { name: string; message: string } {
  return { name: error.name, message: error.message };
}
