import type { BindingDescriptor } from "../../protocol/messages.js";

/** `durable_objects.bindings[]` with its class's migration state resolved by the host. */
export interface DurableObjectDescriptor extends BindingDescriptor {
  type: "durable_object_namespace";
  className: string;
  /** Set when the class is exported by another worker (`script_name`). */
  scriptName?: string;
  /** Created by `new_sqlite_classes` (SQL API available) rather than `new_classes`. */
  sqlite: boolean;
  /** Folder under `<persist>/do/` of this class's objects: the name it was created under (renames keep it). */
  storageName: string;
}
