/** KV namespaces (`kv_namespaces` in wrangler config). */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { systemClock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { KVNamespace } from "./kv-namespace.js";
import { KvStorage } from "./storage.js";

export { KVNamespace } from "./kv-namespace.js";
export { KvStorage } from "./storage.js";

export function createKvNamespace(
  descriptor: BindingDescriptor<"kv">,
  { persist, clock = systemClock }: Pick<BindingContext, "persist"> & Partial<Pick<BindingContext, "clock">>,
): KVNamespace {
  return new KVNamespace(new KvStorage(statePaths(persist, "kv", descriptor.id)), clock);
}
