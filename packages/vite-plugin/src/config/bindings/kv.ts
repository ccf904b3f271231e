/** `kv_namespaces` -> KV binding descriptors. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "../schema.js";

export function readKvNamespaces(config: WranglerConfig): BindingDescriptor[] {
  // Like wrangler, a namespace without an id is stored under its binding name.
  return (config.kv_namespaces ?? []).map((kv) => ({ type: "kv", name: kv.binding, id: kv.id ?? kv.binding }));
}
