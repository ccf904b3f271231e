/** What Workflows accepts (ids, step names, step configs), with production's wording. */
import type { WorkflowRetryPolicy } from "../../protocol/workflows.js";

export { retryDelay } from "../../protocol/workflows.js";
import { toMilliseconds } from "./duration.js";

/** Production's limits: https://developers.cloudflare.com/workflows/reference/limits/ */
export const limits = {
  instanceIdLength: 100,
  stepNameLength: 256,
  /** Params, event payloads and step results (serialized). */
  valueBytes: 2 ** 20,
  batchSize: 100,
};

const instanceIdPattern = /^[a-zA-Z0-9_][a-zA-Z0-9-_]*$/;
// oxlint-disable-next-line no-control-regex -- control characters are what production refuses
const controlCharacters = /[\u0000-\u001f\u007f]/;

export function isValidInstanceId(id: unknown): id is string {
  return typeof id === "string" && id.length <= limits.instanceIdLength && instanceIdPattern.test(id);
}

export function assertStepName(name: unknown): asserts name is string {
  if (typeof name !== "string" || name.length > limits.stepNameLength || controlCharacters.test(name)) {
    throw new Error(
      `Step name "${String(name)}" exceeds max length (${limits.stepNameLength} chars) or invalid characters found`,
    );
  }
}

export type DelayFunction = (input: { ctx: unknown; error: Error }) => unknown;

/** The WorkflowStepConfig defaults (https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/). */
const defaults = { limit: 5, delay: 10_000, backoff: "exponential", timeout: "10 minutes" } as const;

export interface ResolvedStepConfig {
  policy: WorkflowRetryPolicy;
  /** `retries.delay` given as a function: asked for each retry's delay. */
  delayFunction?: DelayFunction;
  /** `ctx.config` of the step callback: the config with the defaults, as written. */
  config: Record<string, unknown>;
}

/** The config of `step.do(name, config, fn)`; throws production's error when it is not one. */
export function resolveStepConfig(name: string, config: unknown): ResolvedStepConfig {
  const invalid = () =>
    new Error(
      `Step config for "${name}" is in a invalid format. See https://developers.cloudflare.com/workflows/build/sleeping-and-retrying/`,
    );
  if (config === undefined) config = {};
  if (!isRecord(config) || !onlyKeys(config, ["retries", "timeout", "sensitive"])) throw invalid();
  const { retries, timeout = defaults.timeout, sensitive } = config;
  if (sensitive !== undefined && sensitive !== "output") throw invalid();
  if (retries !== undefined && (!isRecord(retries) || !onlyKeys(retries, ["limit", "delay", "backoff"]))) throw invalid();
  const limit = retries?.limit ?? defaults.limit;
  const delay = retries?.delay ?? defaults.delay;
  const backoff = retries?.backoff ?? defaults.backoff;
  if (retries !== undefined && (typeof retries.limit !== "number" || retries.limit < 0)) throw invalid();
  if (backoff !== "constant" && backoff !== "linear" && backoff !== "exponential") throw invalid();
  const delayFunction = typeof delay === "function" ? (delay as DelayFunction) : undefined;
  const delayMs = delayFunction ? 0 : toMilliseconds(delay);
  if (delayMs === undefined || delayMs < 0 || (typeof delay !== "number" && typeof delay !== "string" && !delayFunction)) {
    throw invalid();
  }
  const timeoutMs = toMilliseconds(timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) throw invalid();
  return {
    policy: { limit: limit as number, delay: delayMs, backoff, timeout: timeoutMs },
    ...(delayFunction ? { delayFunction } : {}),
    config: {
      ...config,
      retries: { limit, backoff, ...(delayFunction ? {} : { delay }) },
      timeout,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}
