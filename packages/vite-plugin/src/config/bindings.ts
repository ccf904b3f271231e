/** wrangler config -> the binding descriptors a generation turns into `env` objects. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "./schema.js";
import { readKvNamespaces } from "./bindings/kv.js";
import { readR2Buckets } from "./bindings/r2.js";
import { readD1Databases } from "./bindings/d1.js";
import { readSendEmail } from "./send-email.js";

/** One function per binding kind, each reading its own wrangler key. */
const readers: Array<(config: WranglerConfig) => BindingDescriptor[]> = [
  readKvNamespaces,
  readR2Buckets,
  readD1Databases,
  readSendEmail,
];

export function resolveBindings(config: WranglerConfig): BindingDescriptor[] {
  return readers.flatMap((read) => read(config));
}
