/** KV namespaces (`kv_namespaces` in wrangler config). */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { systemClock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { KVNamespace } from "./kv-namespace.js";
import { KvStorage } from "./storage.js";
import type { TraceSpec } from "../traced-binding.js";

export { KVNamespace } from "./kv-namespace.js";
export { KvStorage } from "./storage.js";

export function createKvNamespace(
  descriptor: BindingDescriptor<"kv">,
  { persist, clock = systemClock }: Pick<BindingContext, "persist"> & Partial<Pick<BindingContext, "clock">>,
): KVNamespace {
  return new KVNamespace(new KvStorage(statePaths(persist, "kv", descriptor.id)), clock);
}

/** KV calls shown in request traces. */
export const kvTrace: TraceSpec = {
  get: { detail: (args) => keyDetail(args[0]), result: (value) => (value === null ? "miss" : "hit") },
  getWithMetadata: {
    detail: (args) => keyDetail(args[0]),
    result: (value) => (value instanceof Map || (value as { value: unknown }).value !== null ? "hit" : "miss"),
  },
  put: { detail: (args) => keyDetail(args[0]) },
  delete: { detail: (args) => keyDetail(args[0]) },
  list: {
    detail: (args) => `prefix=${JSON.stringify((args[0] as { prefix?: string } | undefined)?.prefix ?? "")}`,
    result: (value) => `${(value as { keys: unknown[] }).keys.length} keys`,
  },
};

function keyDetail(key: unknown): string {
  return Array.isArray(key) ? key.map(String).join(", ") : String(key);
}
