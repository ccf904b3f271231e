/**
 * The one file that knows every binding kind. The host resolves the wrangler config into
 * serializable descriptors; each generation turns them into the objects user code sees on `env`.
 */
import type { BindingDescriptor } from "../protocol/messages.js";
import { systemClock, type Clock } from "../storage/clock.js";
import { createKvNamespace, type KvDescriptor } from "./kv/index.js";
import { createR2Bucket, type R2Descriptor } from "./r2/index.js";
import { SendEmail, type SendEmailDescriptor } from "./send-email/index.js";
import { createD1Binding, type D1Descriptor } from "./d1/index.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import { DurableObjectNamespace, type DurableObjectDescriptor } from "./durable-objects/index.js";

export interface BindingContext {
  /** Directory of persisted state, or false for in-memory state. */
  persist: string | false;
  workerName: string;
  /** Time source of storage (expiry, upload dates); tests pass a manual clock. */
  clock?: Clock;
  /** This generation's RPC endpoint (Durable Object stubs, service bindings). */
  rpc?: RpcEndpoint;
}

export function createBindings(descriptors: readonly BindingDescriptor[], context: BindingContext): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const descriptor of descriptors) env[descriptor.name] = createBinding(descriptor, context);
  return env;
}

function createBinding(descriptor: BindingDescriptor, context: BindingContext): unknown {
  const clock = context.clock ?? systemClock;
  switch (descriptor.type) {
    case "kv":
      return createKvNamespace(descriptor as unknown as KvDescriptor, context.persist, clock);
    case "r2":
      return createR2Bucket(descriptor as unknown as R2Descriptor, context.persist, clock);
    case "send_email":
      return new SendEmail(descriptor as SendEmailDescriptor, context.persist);
    case "d1":
      return createD1Binding(descriptor as D1Descriptor, context.persist);
    case "durable_object_namespace":
      if (!context.rpc) throw new Error("[kindling] internal: Durable Object bindings need the generation's RPC endpoint.");
      return new DurableObjectNamespace(descriptor as DurableObjectDescriptor, context.rpc);
    default:
      throw new Error(`[kindling] Bindings of type "${descriptor.type}" are not implemented yet (binding "${descriptor.name}").`);
  }
}
