/** wrangler config -> the binding descriptors a generation turns into `env` objects. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "./schema.js";
import { readSendEmail } from "./send-email.js";

/** One function per binding kind, each reading its own wrangler key. */
const readers: Array<(config: WranglerConfig) => BindingDescriptor[]> = [readSendEmail];

export function resolveBindings(config: WranglerConfig): BindingDescriptor[] {
  return readers.flatMap((read) => read(config));
}
