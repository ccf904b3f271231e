/** KV namespaces (`kv_namespaces` in wrangler config). */
import { systemClock, type Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import { KVNamespace } from "./kv-namespace.js";
import { KvStorage } from "./storage.js";

export { KVNamespace } from "./kv-namespace.js";
export { KvStorage } from "./storage.js";

export interface KvDescriptor {
  type: "kv";
  name: string;
  /** Namespace id; names the state file `<persist>/kv/<id>.sqlite`. */
  id: string;
}

export function createKvNamespace(descriptor: KvDescriptor, persist: string | false, clock: Clock = systemClock): KVNamespace {
  return new KVNamespace(new KvStorage(statePaths(persist, "kv", descriptor.id)), clock);
}
