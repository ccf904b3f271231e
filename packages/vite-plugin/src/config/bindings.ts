/** wrangler config -> the binding descriptors a generation turns into `env` objects. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "./schema.js";
import { readD1Databases } from "./bindings/d1.js";

/** One function per binding kind, each reading its own wrangler key. */
const readers: Array<(config: WranglerConfig) => BindingDescriptor[]> = [readD1Databases];

export function resolveBindings(config: WranglerConfig): BindingDescriptor[] {
  return readers.flatMap((read) => read(config));
}
