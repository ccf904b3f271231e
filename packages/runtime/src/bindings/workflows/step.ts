/**
 * `step`, the second argument of `run(event, step)`. Every step asks the host's engine first: a
 * finished step answers from its record (a replay never executes it again), an attempt executes
 * here and its result is recorded by the engine before `step.do` resolves.
 */
import type { WorkflowFailure, WorkflowStepAnswer, WorkflowStepError } from "../../protocol/workflows.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { parseDuration } from "./duration.js";
import { fromWorkflowError, isNonRetryable, notSerialisable, toWorkflowError } from "./errors.js";
import type { InstanceRun } from "./instance-run.js";
import { deserialize, isTooLarge, serialize } from "./serialize.js";
import { assertStepName, resolveStepConfig, retryDelay, type ResolvedStepConfig } from "./validate.js";
import { clearTimeout, setTimeout } from "node:timers";

type Callback = (ctx: unknown) => unknown;

interface Attempt {
  key: string;
  name: string;
  count: number;
  attempt: number;
  fn: Callback;
  config: ResolvedStepConfig;
}

export class WorkflowStep {
  readonly #run: InstanceRun;
  readonly #stepLimit: number;

  constructor(run: InstanceRun, stepLimit: number) {
    this.#run = run;
    this.#stepLimit = stepLimit;
  }

  async do(name: string, configOrCallback: unknown, callbackOrRollback?: unknown, rollback?: unknown): Promise<unknown> {
    const [config, fn, rollbackOptions] =
      typeof configOrCallback === "function"
        ? [undefined, configOrCallback, callbackOrRollback]
        : [configOrCallback, callbackOrRollback, rollback];
    if (this.#run.countDoStep() > this.#stepLimit) {
      throw new Error(
        `The limit of ${this.#stepLimit} steps has been reached. This limit can be changed in your worker configuration.`,
      );
    }
    assertStepName(name);
    const resolved = resolveStepConfig(name, config);
    if (typeof fn !== "function") throw new Error(`Step "${name}" requires a callback function`);
    if (rollbackOptions !== undefined) notImplemented("step.do(name, config, callback, { rollback })");
    const { key, count } = this.#run.key("do", name);
    let answer = await this.#run.ask({ kind: "do", key, name, policy: resolved.policy });
    while (answer.type === "run") {
      answer = await this.#attempt({ key, name, count, attempt: answer.attempt, fn: fn as Callback, config: resolved });
    }
    return this.#settle(answer);
  }

  async sleep(name: string, duration: unknown): Promise<void> {
    assertStepName(name);
    const ms = parseDuration(duration);
    const { key } = this.#run.key("sleep", name);
    await this.#settle(await this.#run.ask({ kind: "sleep", key, name, duration: ms }));
  }

  async sleepUntil(name: string, timestamp: Date | number): Promise<void> {
    assertStepName(name);
    const until = timestamp instanceof Date ? timestamp.getTime() : Number(timestamp);
    if (!Number.isFinite(until))
      throw new TypeError(`step.sleepUntil("${name}") takes a Date or a number of milliseconds since the epoch.`);
    const { key } = this.#run.key("sleep", name);
    await this.#settle(await this.#run.ask({ kind: "sleep", key, name, until }));
  }

  async waitForEvent(name: string, options: { type: string; timeout?: unknown }): Promise<unknown> {
    assertStepName(name);
    const type = String(options?.type);
    const timeout = parseDuration(options?.timeout ?? "24 hours");
    const { key } = this.#run.key("waitForEvent", name);
    return this.#settle(await this.#run.ask({ kind: "waitForEvent", key, name, type, timeout }));
  }

  /** What a step resolves with (or throws) for the engine's answer; a stopped step never settles. */
  #settle(answer: WorkflowStepAnswer): Promise<unknown> | unknown {
    switch (answer.type) {
      case "done":
        return deserialize(answer.value);
      case "failed":
        throw fromWorkflowError(answer.error);
      case "suspend":
      case "cancelled":
        return this.#run.stop(answer);
      case "run":
        throw new Error("[kindling] internal: a step was told to run outside step.do.");
    }
  }

  /** Executes one attempt and records its outcome; answers what the step does next. */
  #attempt(attempt: Attempt): Promise<WorkflowStepAnswer> {
    const { key, name, count, config } = attempt;
    const { policy } = config;
    const ctx = { step: { name, count }, attempt: attempt.attempt, config: config.config };
    return this.#run.busy(async () => {
      let value: unknown;
      try {
        value = await withTimeout(
          Promise.resolve().then(() => attempt.fn(ctx)),
          policy.timeout,
        );
      } catch (error) {
        const failure = isNonRetryable(error) ? "fail" : "retry";
        return this.#failed(attempt, toWorkflowError(error), failure, await this.#retryDelay(attempt, ctx, error));
      }
      const serialized = serialize(value);
      if ("function" in serialized) return this.#failed(attempt, notSerialisable(name), "abort", 0);
      const problem =
        "error" in serialized
          ? serialized.error
          : isTooLarge(serialized.bytes)
            ? new Error(`Step ${name}-${count} output is too large. Maximum allowed size is 1MiB.`)
            : undefined;
      if (problem) return this.#failed(attempt, toWorkflowError(problem), "retry", await this.#retryDelay(attempt, ctx, problem));
      const bytes = (serialized as { bytes: Uint8Array }).bytes;
      const recorded = await this.#run.host.call("workflow", "stepDone", this.#run.ref, key, bytes);
      return recorded ? { type: "done", value: bytes } : { type: "cancelled" };
    });
  }

  #failed(attempt: Attempt, error: WorkflowStepError, failure: WorkflowFailure, delay: number): Promise<WorkflowStepAnswer> {
    return this.#run.host.call("workflow", "stepFailed", this.#run.ref, attempt.key, error, failure, delay);
  }

  async #retryDelay(attempt: Attempt, ctx: unknown, error: unknown): Promise<number> {
    const { delayFunction, policy } = attempt.config;
    if (!delayFunction) return retryDelay(policy, attempt.attempt);
    try {
      return parseDuration(await delayFunction({ ctx, error: error as Error }));
    } catch {
      return retryDelay({ ...policy, delay: 0 }, attempt.attempt);
    }
  }
}

/** `promise`, or production's timeout error after `ms` (the callback goes on, its result unused). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Execution timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
