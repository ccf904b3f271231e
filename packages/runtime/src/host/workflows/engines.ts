/**
 * The workflow host unit: one engine per workflow name, each with its own state file. A worker's
 * bindings reach them by workflow name (`HostUnitApis.workflow`), so a binding to a workflow of
 * another worker (`script_name`) can be routed to that worker's engine by the same name.
 */
import type { WorkflowHostApi, WorkflowRunEvent } from "../../protocol/workflows.js";
import { systemClock, type Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import { WorkflowEngine } from "./engine.js";
import type { RunOutcome, WorkflowEngineEvent } from "./runs.js";

export interface WorkflowEnginesOptions {
  /** State directory: `<persist>/workflows/<name>.sqlite`. */
  persist: string;
  clock?: Clock;
  /** Runs one run of an instance in the worker's current generation (see WorkflowEngineOptions.run). */
  run(event: WorkflowRunEvent): Promise<RunOutcome>;
  isCurrent(generation: number): boolean;
  onEvent?(event: WorkflowEngineEvent): void;
}

export class WorkflowEngines {
  #options: WorkflowEnginesOptions;
  #engines = new Map<string, WorkflowEngine>();
  #elsewhere: ((workflow: string) => WorkflowEngine | undefined) | undefined;

  constructor(options: WorkflowEnginesOptions) {
    this.#options = options;
  }

  /**
   * The worker's workflows, from its config: their engines start (instances persisted by an earlier
   * `vite dev` resume now); engines of workflows no longer in the config stop, their state kept.
   */
  configure(workflows: readonly string[]): void {
    for (const [name, engine] of this.#engines) {
      if (workflows.includes(name)) continue;
      engine.close();
      this.#engines.delete(name);
    }
    for (const name of workflows) {
      if (this.#engines.has(name)) continue;
      this.#engines.set(
        name,
        new WorkflowEngine({
          workflow: name,
          file: statePaths(this.#options.persist, "workflows", name).database,
          clock: this.#options.clock ?? systemClock,
          run: (event) => this.#options.run(event),
          isCurrent: (generation) => this.#options.isCurrent(generation),
          onEvent: (event) => this.#options.onEvent?.(event),
        }),
      );
    }
  }

  /** Whether this worker's config defines `workflow`. */
  has(workflow: string): boolean {
    return this.#engines.has(workflow);
  }

  /**
   * Where a workflow this worker binds but does not define (`script_name`) runs: the engine of the
   * worker of this dev server that defines it, found by name on each call.
   */
  routeOthers(find: (workflow: string) => WorkflowEngine | undefined): void {
    this.#elsewhere = find;
  }

  engine(workflow: string): WorkflowEngine {
    const engine = this.#engines.get(workflow) ?? this.#elsewhere?.(workflow);
    if (!engine) {
      throw new Error(
        `[kindling] There is no workflow named "${workflow}" in this worker's config (any more), nor in another ` +
          `worker's of this dev server. Add it to "workflows" in the wrangler config of the worker that exports its ` +
          `class (with "script_name" in the others), or use a binding of one that is there.`,
      );
    }
    return engine;
  }

  /** A new generation started: instances the previous one could not run try again. */
  generationReady(): void {
    for (const engine of this.#engines.values()) engine.generationReady();
  }

  close(): void {
    for (const engine of this.#engines.values()) engine.close();
    this.#engines.clear();
  }

  /** What a generation's workflow binding and step runner call (protocol/host-units.ts). */
  readonly unit: WorkflowHostApi = {
    create: (workflow, instance) => this.engine(workflow).create(instance),
    createBatch: (workflow, instances) => this.engine(workflow).createBatch(instances),
    exists: (workflow, id) => this.engine(workflow).exists(id),
    status: (workflow, id) => this.engine(workflow).status(id),
    control: (workflow, id, action) => this.engine(workflow).control(id, action),
    sendEvent: (workflow, id, event) => this.engine(workflow).sendEvent(id, event),
    delete: (workflow, ids) => this.engine(workflow).delete(ids),
    step: (ref, request) => this.engine(ref.workflow).step(ref, request),
    stepDone: (ref, key, value) => this.engine(ref.workflow).stepDone(ref, key, value),
    stepFailed: (ref, key, error, failure, delay) => this.engine(ref.workflow).stepFailed(ref, key, error, failure, delay),
    finish: (ref, result) => this.engine(ref.workflow).finish(ref, result),
  };
}
