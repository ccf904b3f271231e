/**
 * One run of an instance in this generation: the step calls it makes to the engine, and when it
 * is over. A run stops when a step tells it to (a sleep, an event, a retry delay, a pause, newer
 * code) once nothing of it is executing or asking the engine any more: then the generation lets go
 * of it, and the engine runs the instance again later, from the top. The `run()` it leaves behind
 * never hears back.
 */
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { WorkflowRunRef, WorkflowStepAnswer, WorkflowStepRequest } from "../../protocol/workflows.js";
import { setImmediate } from "node:timers";

const never = new Promise<never>(() => {});

export class InstanceRun {
  readonly ref: WorkflowRunRef;
  readonly host: HostUnitCaller;
  /** Resolves when the run is over (stopped or finished): the generation lets go of it. */
  readonly over: Promise<void>;
  #end!: () => void;
  #over = false;
  /** Engine calls and step callbacks in progress. */
  #busy = 0;
  /** Steps told to stop. */
  #stopped = 0;
  #counts = new Map<string, number>();
  #doSteps = 0;

  constructor(ref: WorkflowRunRef, host: HostUnitCaller) {
    this.ref = ref;
    this.host = host;
    this.over = new Promise((resolve) => (this.#end = resolve));
  }

  get isOver(): boolean {
    return this.#over;
  }

  /** The step's key (`<kind>:<name>:<count>`) and its count among steps of that kind and name. */
  key(kind: WorkflowStepRequest["kind"], name: string): { key: string; count: number } {
    const id = `${kind}:${name}`;
    const count = (this.#counts.get(id) ?? 0) + 1;
    this.#counts.set(id, count);
    return { key: `${id}:${count}`, count };
  }

  /** Counts a `step.do` reached in this run (the limit counts them from the top of `run()`). */
  countDoStep(): number {
    return ++this.#doSteps;
  }

  /** Asks the engine about a step; a run that is over waits forever instead. */
  ask(request: WorkflowStepRequest): Promise<WorkflowStepAnswer> {
    return this.busy(() => this.host.call("workflow", "step", this.ref, request));
  }

  /** Runs `work` (an engine call, a step callback) as part of the run: it does not stop meanwhile. */
  async busy<T>(work: () => Promise<T>): Promise<T> {
    if (this.#over) return never;
    this.#busy++;
    try {
      return await work();
    } finally {
      this.#busy--;
      this.#check();
    }
  }

  /** A step was told to stop (or that the run is over): the caller never resumes. */
  stop(answer: Extract<WorkflowStepAnswer, { type: "suspend" | "cancelled" }>): Promise<never> {
    if (answer.type === "cancelled") this.finish();
    this.#stopped++;
    this.#check();
    return never;
  }

  /** `run()` settled, or the engine is done with the run. */
  finish(): void {
    if (this.#over) return;
    this.#over = true;
    this.#end();
  }

  #check(): void {
    if (this.#over || this.#stopped === 0 || this.#busy > 0) return;
    // After the continuations already queued: a step that resolved may lead `run()` to the next one.
    setImmediate(() => {
      if (this.#stopped > 0 && this.#busy === 0) this.finish();
    });
  }
}
