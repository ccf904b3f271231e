/**
 * `ratelimits` (and `unsafe.bindings` of type "ratelimit"): `limit({ key })` counts calls per key in
 * fixed windows of `simple.period` seconds aligned to the clock, `{ success: false }` past
 * `simple.limit`. Counters live in the state directory, so they hold across edits and restarts.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { RateLimitStorage } from "./storage.js";
import type { TraceSpec } from "../traced-binding.js";

const optionKeys = new Set(["key", "limit", "period"]);
const periods = [10, 60];

/** The rate limiting binding; production's class is `Ratelimit` (as the official plugin's copy of it). */
export class Ratelimit {
  #descriptor: BindingDescriptor<"ratelimit">;
  #storage: RateLimitStorage;
  #clock: Clock;

  constructor(descriptor: BindingDescriptor<"ratelimit">, storage: RateLimitStorage, clock: Clock) {
    this.#descriptor = descriptor;
    this.#storage = storage;
    this.#clock = clock;
  }

  async limit(options: { key?: string; limit?: number; period?: number }): Promise<{ success: boolean }> {
    // workerd's wording (as `wrangler dev` shows it).
    if (typeof options !== "object" || options === null) throw new Error("invalid rate limit options");
    const unknown = Object.keys(options).filter((key) => !optionKeys.has(key));
    if (unknown.length > 0) throw new Error(`bad rate limit options: [${unknown.join(",")}]`);
    const { key = "", limit = this.#descriptor.limit, period = this.#descriptor.period } = options;
    if (typeof key !== "string") throw new Error(`invalid key: ${String(key)}`);
    if (typeof limit !== "number") throw new Error(`limit must be a number: ${String(limit)}`);
    if (typeof period !== "number") throw new Error(`period must be a number: ${String(period)}`);
    if (!periods.includes(period)) throw new Error(`unsupported period: ${period}`);
    return { success: this.#storage.take(key, period, limit, this.#clock.now()) };
  }
}

export function createRateLimiter(
  descriptor: BindingDescriptor<"ratelimit">,
  { persist, clock }: Pick<BindingContext, "persist" | "clock">,
): Ratelimit {
  const { database } = statePaths(persist, "ratelimit", descriptor.namespaceId);
  return new Ratelimit(descriptor, new RateLimitStorage(database), clock);
}

/** Rate-limit checks shown in request traces. */
export const rateLimitTrace: TraceSpec = {
  limit: {
    detail: (args) => `key=${JSON.stringify((args[0] as { key?: string } | undefined)?.key ?? "")}`,
    result: (value) => ((value as { success: boolean }).success ? "allowed" : "limited"),
  },
};
