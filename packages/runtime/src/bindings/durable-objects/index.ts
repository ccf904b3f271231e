import type { BindingContext } from "../context.js";
import type { DurableObjectDescriptor } from "./descriptor.js";
import { DurableObjectNamespace } from "./namespace.js";

export { DurableObjectNamespace, createObjectStub } from "./namespace.js";
export { DurableObjectId, DurableObjectIdFactory } from "./id.js";
export { LiveObjects, keyOf, missingClassError, type ObjectsHostLink } from "./live-objects.js";
export { DurableObjectStorage, DurableObjectTransaction } from "./storage.js";
export { SqlStorage, SqlStorageCursor } from "./sql.js";
export type { DurableObjectDescriptor } from "./descriptor.js";

export function createDurableObjectNamespace(
  descriptor: DurableObjectDescriptor,
  { rpc }: Pick<BindingContext, "rpc">,
): DurableObjectNamespace {
  return new DurableObjectNamespace(descriptor, rpc);
}
