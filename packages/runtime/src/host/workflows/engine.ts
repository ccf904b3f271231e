/**
 * One workflow's engine on the host: its instances outlive generations and restarts (state file
 * per workflow), and each run of an instance executes in the worker's current generation, from
 * the top of `run()`, with finished steps answered from the records. An instance that sleeps or
 * waits for an event holds no generation: the engine runs it again when its time or its event
 * comes. One run per instance at a time, and a new run starts only once the generation of the
 * previous one let go of it, so a step is never executed by two generations at once.
 */
import v8 from "node:v8";
import type {
  WorkflowBatchError,
  WorkflowControl,
  WorkflowNewInstance,
  WorkflowRunRef,
  WorkflowRunResult,
  WorkflowStatusReport,
  WorkflowStepAnswer,
  WorkflowStepError,
  WorkflowStepRequest,
  WorkflowFailure,
} from "../../protocol/workflows.js";
import type { Clock } from "../../storage/clock.js";
import type { ActiveRun, EngineCore, RunOutcome, WorkflowEngineEvent, WorkflowEngineOptions } from "./runs.js";
import { WorkflowSteps } from "./steps.js";
import { activeStatuses, finalStatuses, parseError, WorkflowStore, type InstanceRow, type StoredStatus } from "./store.js";
import { batchErrors, cannotTerminate, instanceAlreadyExists, instanceNotFound } from "./wording.js";

/** setTimeout's longest delay; a later wake re-arms when it fires. */
const MAX_TIMER = 2 ** 31 - 1;

export class WorkflowEngine implements EngineCore {
  readonly workflow: string;
  readonly store: WorkflowStore;
  readonly clock: Clock;
  readonly active = new Map<string, ActiveRun>();
  #options: WorkflowEngineOptions;
  #steps: WorkflowSteps;
  /** Instances the current generation could not run; they wait for the next one. */
  #stalled = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: WorkflowEngineOptions) {
    this.#options = options;
    this.workflow = options.workflow;
    this.clock = options.clock;
    this.store = new WorkflowStore(options.file, () => options.clock.now());
    this.#steps = new WorkflowSteps(this);
    this.#recover();
    this.#schedule();
  }

  create(instance: WorkflowNewInstance): void {
    this.store.write(() => {
      if (this.store.instance(instance.id)) throw instanceAlreadyExists(instance.id);
      this.#insert(instance);
    });
    this.emit({ type: "status", workflow: this.workflow, instanceId: instance.id, status: "queued" });
    this.#schedule();
  }

  createBatch(instances: WorkflowNewInstance[]): { created: string[]; errors: WorkflowBatchError[] } {
    const created: string[] = [];
    const errors: WorkflowBatchError[] = [];
    this.store.write(() => {
      const seen = new Set<string>();
      for (const [index, instance] of instances.entries()) {
        const { id } = instance;
        if (seen.has(id)) errors.push({ index, id, ...batchErrors.duplicateInBatch });
        else if (this.store.instance(id)) errors.push({ index, id, ...batchErrors.alreadyExists });
        else {
          created.push(id);
          this.#insert(instance);
        }
        seen.add(id);
      }
    });
    for (const id of created) this.emit({ type: "status", workflow: this.workflow, instanceId: id, status: "queued" });
    this.#schedule();
    return { created, errors };
  }

  exists(id: string): boolean {
    return this.store.instance(id) !== undefined;
  }

  status(id: string): WorkflowStatusReport {
    const row = this.#row(id);
    const output = row.status === "complete" && row.output ? v8.deserialize(row.output) : null;
    return row.status === "errored"
      ? { status: row.status, output, error: parseError(row.error) }
      : { status: row.status, output };
  }

  control(id: string, action: WorkflowControl): void {
    const row = this.#row(id);
    const active = this.active.get(id);
    switch (action) {
      case "pause":
        if (!(activeStatuses as readonly StoredStatus[]).includes(row.status)) return;
        this.setStatus(row, active && active.executing.size > 0 ? "waitingForPause" : "paused");
        return;
      case "resume":
        if (row.status === "paused") this.setStatus(row, row.run === 0 ? "queued" : "running", { wake_at: this.clock.now() });
        else if (row.status === "waitingForPause") this.setStatus(row, "running");
        break;
      case "terminate":
        if (finalStatuses.includes(row.status)) throw cannotTerminate();
        this.#stalled.delete(id);
        this.setStatus(row, "terminated", { wake_at: null });
        return;
      case "restart":
        this.#stalled.delete(id);
        this.store.write(() => {
          this.store.clearSteps(id);
          // The run in flight, if any, is over: its step calls name an older run from now on.
          this.setStatus(row, "queued", { run: row.run + 1, wake_at: this.clock.now(), output: null, error: null });
        });
        if (row.status === "queued") this.emit({ type: "status", workflow: this.workflow, instanceId: id, status: "queued" });
        break;
    }
    this.#schedule();
  }

  sendEvent(id: string, event: { type: string; payload: Uint8Array; timestamp: number }): void {
    this.store.write(() => {
      const row = this.#row(id);
      this.store.addEvent(id, event.type, event.payload, event.timestamp);
      // A run waiting for it goes on now (a run in flight picks it up when it reaches the wait).
      if (this.store.waitsFor(id, event.type) && row.status !== "paused")
        this.store.updateInstance(id, { wake_at: this.clock.now() });
    });
    this.#schedule();
  }

  delete(ids: string[]): { deleted: string[]; missing: string[] } {
    const deleted: string[] = [];
    const missing: string[] = [];
    this.store.write(() => {
      for (const id of new Set(ids)) (this.store.deleteInstance(id) ? deleted : missing).push(id);
    });
    for (const id of deleted) this.#stalled.delete(id);
    return { deleted, missing };
  }

  step(ref: WorkflowRunRef, request: WorkflowStepRequest): WorkflowStepAnswer {
    return this.#steps.step(ref, request);
  }

  stepDone(ref: WorkflowRunRef, key: string, value: Uint8Array): boolean {
    return this.#steps.stepDone(ref, key, value);
  }

  stepFailed(
    ref: WorkflowRunRef,
    key: string,
    error: WorkflowStepError,
    failure: WorkflowFailure,
    retryDelay: number,
  ): WorkflowStepAnswer {
    return this.#steps.stepFailed(ref, key, error, failure, retryDelay);
  }

  finish(ref: WorkflowRunRef, result: WorkflowRunResult): void {
    this.#steps.finish(ref, result);
  }

  /** A new generation started: instances the previous one could not run try again. */
  generationReady(): void {
    this.#stalled.clear();
    this.#schedule();
  }

  /** Runs the instances whose time has come (the timer calls it; tests on a manual clock too). */
  tick(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#closed) return;
    for (const id of this.store.due(this.clock.now())) {
      if (this.active.size >= this.#concurrency) break;
      if (!this.active.has(id) && !this.#stalled.has(id)) this.#dispatch(id);
    }
    this.#schedule();
  }

  /** Resolves once no run is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.store.close();
  }

  setStatus(
    row: InstanceRow,
    status: StoredStatus,
    fields: Partial<InstanceRow> = {},
    report: { error?: WorkflowStepError; waitingFor?: string } = {},
  ): void {
    this.store.write(() => this.store.updateInstance(row.id, { ...fields, status }));
    if (status !== row.status) this.emit({ type: "status", workflow: this.workflow, instanceId: row.id, status, ...report });
  }

  emit(event: WorkflowEngineEvent): void {
    this.#options.onEvent?.(event);
  }

  isCurrent(generation: number): boolean {
    return this.#options.isCurrent(generation);
  }

  #insert({ id, params }: WorkflowNewInstance): void {
    const now = this.clock.now();
    this.store.insertInstance({ id, status: "queued", params, created_at: now, wake_at: now });
  }

  #row(id: string): InstanceRow {
    const row = this.store.instance(id);
    if (!row) throw instanceNotFound();
    return row;
  }

  /** After a crash (or kill -9), instances that were mid-run replay; a pause asked for takes effect. */
  #recover(): void {
    const now = this.clock.now();
    this.store.write(() => {
      for (const row of this.store.unfinished()) {
        this.store.updateInstance(row.id, row.status === "waitingForPause" ? { status: "paused" } : { wake_at: now });
      }
    });
  }

  #dispatch(id: string): void {
    const row = this.store.instance(id);
    if (!row || !(activeStatuses as readonly StoredStatus[]).includes(row.status)) return;
    const run = row.run + 1;
    this.active.set(id, { run, executing: new Map(), keepsRunning: false });
    this.setStatus(row, "running", { run, wake_at: null });
    const ref = { workflow: this.workflow, instanceId: id, run };
    this.#options
      .run({ type: "workflow", ...ref, params: row.params, createdAt: row.created_at })
      .catch((error: unknown): RunOutcome => ({
        ok: false,
        reason: error instanceof Error ? error.message : String(error),
        stall: true,
      }))
      .then((outcome) => this.#settled(id, run, outcome));
  }

  /** The generation let go of the run. */
  #settled(id: string, run: number, outcome: RunOutcome): void {
    if (this.#closed) return;
    const active = this.active.get(id);
    if (active?.run === run) {
      if (!outcome.ok && active.executing.size > 0) this.#steps.interrupted(id, active, outcome.reason);
      this.active.delete(id);
    }
    const row = this.store.instance(id);
    if (row?.status === "waitingForPause") this.setStatus(row, "paused");
    if (row && row.run === run && (activeStatuses as readonly StoredStatus[]).includes(row.status)) {
      if (!outcome.ok && outcome.stall) {
        this.#stalled.add(id);
        this.emit({ type: "stalled", workflow: this.workflow, instanceId: id, reason: outcome.reason });
      }
      // A run that stopped without a wake time (cut off mid-step) goes again at once.
      if (row.wake_at === null) this.store.write(() => this.store.updateInstance(id, { wake_at: this.clock.now() }));
    }
    this.#schedule();
  }

  /** Arms the timer for the next instance due (at once if one is due now). */
  #schedule(): void {
    if (this.#closed) return;
    const next = this.#nextWake();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (next === undefined) return;
    const delay = Math.max(0, next - this.clock.now());
    // At capacity, a run that ends schedules again.
    if (delay === 0 && this.active.size >= this.#concurrency) return;
    this.#timer = setTimeout(() => (delay > MAX_TIMER ? this.#schedule() : this.tick()), Math.min(delay, MAX_TIMER));
    this.#timer.unref();
  }

  get #concurrency(): number {
    return this.#options.concurrency ?? 100;
  }

  #nextWake(): number | undefined {
    for (const { id, wake_at } of this.store.waking()) {
      if (!this.active.has(id) && !this.#stalled.has(id)) return wake_at;
    }
    return undefined;
  }
}
