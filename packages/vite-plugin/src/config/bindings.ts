/** wrangler config -> the binding descriptors a generation turns into `env` objects. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "./schema.js";
import { readKvNamespaces } from "./bindings/kv.js";
import { readR2Buckets } from "./bindings/r2.js";
import { readD1Databases } from "./bindings/d1.js";
import { readSendEmail } from "./send-email.js";
import { readDurableObjects } from "./bindings/durable-objects.js";

/** One function per binding kind, each reading its own wrangler key (`fileName` names the config in errors). */
const readers: Array<(config: WranglerConfig, fileName: string) => BindingDescriptor[]> = [
  readKvNamespaces,
  readR2Buckets,
  readD1Databases,
  readSendEmail,
  readDurableObjects,
];

export function resolveBindings(config: WranglerConfig, fileName = "wrangler config"): BindingDescriptor[] {
  return readers.flatMap((read) => read(config, fileName));
}
