import type { BindingDescriptor } from "../../protocol/bindings.js";

/** `durable_objects.bindings[]` with its class's migration state resolved by the host. */
export type DurableObjectDescriptor = BindingDescriptor<"durable_object_namespace">;
