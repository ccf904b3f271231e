/**
 * The workflow engine and the generation side wired together without threads, for tests: real
 * SQLite in a temp directory, the real step runner (bindings/workflows), every call between them
 * structured-cloned as the channel would, and a manual clock. "Generations" are numbers: an edit
 * bumps the current one (and may swap the classes), as a rebuild does.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { WorkflowRunEvent } from "../../protocol/workflows.js";
import { ManualClock } from "../../storage/clock.js";
import { runWorkflow } from "../../bindings/workflows/index.js";
import { WorkflowImpl } from "../../bindings/workflows/workflow.js";
import { WorkflowEngines } from "./engines.js";
import type { RunOutcome, WorkflowEngineEvent } from "./runs.js";

export type Classes = Record<string, new (ctx: unknown, env: unknown) => { run(event: unknown, step: unknown): unknown }>;

export interface HarnessOptions {
  /** Workflow name -> class (the binding of workflow `name` is `env[name.toUpperCase()]`). */
  classes: Classes;
  persist?: string;
  clock?: ManualClock;
  preserveNonRetryable?: boolean;
  stepLimit?: number;
}

export class WorkflowHarness {
  readonly persist: string;
  readonly clock: ManualClock;
  readonly engines: WorkflowEngines;
  readonly events: WorkflowEngineEvent[] = [];
  /** The most runs of one instance that were ever in flight at once (must stay 1). */
  maxOverlap = 0;
  generation = 1;
  classes: Classes;
  #inFlight = new Map<string, number>();
  #runs = new Set<Promise<unknown>>();
  /** Ends the runs of a generation as its thread's death would: their outcome, and silence after. */
  #aborts = new Map<number, Set<(reason: string) => void>>();
  #options: HarnessOptions;
  readonly host: HostUnitCaller;

  constructor(options: HarnessOptions) {
    this.#options = options;
    this.classes = options.classes;
    this.persist = options.persist ?? fs.mkdtempSync(path.join(os.tmpdir(), "kindling-workflows-"));
    this.clock = options.clock ?? new ManualClock(Date.UTC(2026, 0, 1));
    this.engines = new WorkflowEngines({
      persist: this.persist,
      clock: this.clock,
      run: (event) => this.#run(event),
      isCurrent: (generation) => generation === this.generation,
      onEvent: (event) => this.events.push(event),
    });
    this.engines.configure(Object.keys(options.classes));
    const unit = this.engines.unit as unknown as Record<string, (...args: unknown[]) => unknown>;
    this.host = {
      // A hop to the host and back, as over the channel: arguments and results are copies.
      call: async (_kind, method, ...args) => {
        await Promise.resolve();
        return structuredClone(unit[method]!(...structuredClone(args))) as never;
      },
    };
  }

  /** `env.<NAME>` of workflow `name`. */
  binding(name: string): WorkflowImpl {
    return new WorkflowImpl(this.#descriptor(name), this.host);
  }

  /** An edit: runs from now on go to a new generation (with `classes`, if given). */
  edit(classes?: Classes): void {
    this.generation++;
    if (classes) this.classes = classes;
    this.engines.generationReady();
  }

  /**
   * The current generation dies (a blocked event loop, abortIsolate): its runs end with `reason`,
   * whatever they were doing, and nothing they do afterwards reaches the engine. Then a new one.
   */
  abortGeneration(reason: string): void {
    for (const abort of this.#aborts.get(this.generation) ?? []) abort(reason);
    this.edit();
  }

  /** Moves the clock and runs what became due. */
  advance(ms: number): void {
    this.clock.advance(ms);
    for (const name of Object.keys(this.#options.classes)) this.engines.engine(name).tick();
  }

  /** Resolves once nothing is in flight and the engines start nothing more now. */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#runs.size > 0) {
        await Promise.all(this.#runs);
        continue;
      }
      for (const name of Object.keys(this.#options.classes)) this.engines.engine(name).tick();
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#runs.size === 0) return;
    }
    throw new Error("the workflows never settled");
  }

  status(name: string, id: string) {
    return this.engines.unit.status(name, id);
  }

  stepEvents(): Extract<WorkflowEngineEvent, { type: "step-failed" }>[] {
    return this.events.filter((event) => event.type === "step-failed");
  }

  close(): void {
    this.engines.close();
  }

  #descriptor(name: string): BindingDescriptor<"workflow"> {
    return {
      type: "workflow",
      name: name.toUpperCase(),
      workflowName: name,
      className: name,
      stepLimit: this.#options.stepLimit ?? 10_000,
    };
  }

  #run(event: WorkflowRunEvent): Promise<RunOutcome> {
    const inFlight = (this.#inFlight.get(event.instanceId) ?? 0) + 1;
    this.#inFlight.set(event.instanceId, inFlight);
    this.maxOverlap = Math.max(this.maxOverlap, inFlight);
    const bindings = Object.keys(this.classes).map((name) => this.#descriptor(name));
    const namespace = Object.fromEntries(Object.entries(this.classes));
    const generation = this.generation;
    let dead = false;
    let die!: (reason: string) => void;
    const died = new Promise<RunOutcome>(
      (resolve) => (die = (reason) => ((dead = true), resolve({ ok: false, reason, stall: false }))),
    );
    const aborts = this.#aborts.get(generation) ?? new Set();
    this.#aborts.set(generation, aborts.add(die));
    const host: HostUnitCaller = {
      call: (kind, method, ...args) => (dead ? new Promise(() => {}) : this.host.call(kind, method, ...args)),
    };
    const ran = runWorkflow(structuredClone(event), {
      namespace,
      env: Object.fromEntries(Object.keys(this.classes).map((name) => [name.toUpperCase(), this.binding(name)])),
      ctx: { waitUntil: () => {} },
      host,
      generation,
      bindings,
      preserveNonRetryable: this.#options.preserveNonRetryable ?? true,
    }).then((result): RunOutcome =>
      result.outcome === "invalid" ? { ok: false, reason: result.message, stall: true } : { ok: true },
    );
    const run = Promise.race([ran, died]).finally(() => {
      aborts.delete(die);
      this.#inFlight.set(event.instanceId, this.#inFlight.get(event.instanceId)! - 1);
      this.#runs.delete(run);
    });
    this.#runs.add(run);
    return run;
  }
}
