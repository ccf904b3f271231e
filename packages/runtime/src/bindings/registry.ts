/**
 * The one file that knows every binding kind. The host resolves the wrangler config into
 * serializable descriptors; each generation turns them into the objects user code sees on `env`.
 */
import type { BindingDescriptor } from "../protocol/messages.js";
import { createD1Binding, type D1Descriptor } from "./d1/index.js";

export interface BindingContext {
  /** Directory of persisted state, or false for in-memory state. */
  persist: string | false;
  workerName: string;
}

export function createBindings(descriptors: readonly BindingDescriptor[], context: BindingContext): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const descriptor of descriptors) env[descriptor.name] = createBinding(descriptor, context);
  return env;
}

function createBinding(descriptor: BindingDescriptor, context: BindingContext): unknown {
  switch (descriptor.type) {
    case "d1":
      return createD1Binding(descriptor as D1Descriptor, context.persist);
  }
  throw new Error(`[kindling] Bindings of type "${descriptor.type}" are not implemented yet (binding "${descriptor.name}").`);
}
