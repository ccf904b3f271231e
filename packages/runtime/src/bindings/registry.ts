/**
 * The one file that knows every binding kind. The host resolves the wrangler config into
 * serializable descriptors; each generation turns them into the objects user code sees on `env`.
 */
import type { BindingDescriptor } from "../protocol/messages.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import { DurableObjectNamespace, type DurableObjectDescriptor } from "./durable-objects/index.js";

export interface BindingContext {
  /** Directory of persisted state, or false for in-memory state. */
  persist: string | false;
  workerName: string;
  /** This generation's RPC endpoint (Durable Object stubs, service bindings). */
  rpc?: RpcEndpoint;
}

export function createBindings(descriptors: readonly BindingDescriptor[], context: BindingContext): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const descriptor of descriptors) env[descriptor.name] = createBinding(descriptor, context);
  return env;
}

function createBinding(descriptor: BindingDescriptor, context: BindingContext): unknown {
  if (descriptor.type === "durable_object_namespace" && context.rpc) {
    return new DurableObjectNamespace(descriptor as DurableObjectDescriptor, context.rpc);
  }
  throw new Error(`[kindling] Bindings of type "${descriptor.type}" are not implemented yet (binding "${descriptor.name}").`);
}
