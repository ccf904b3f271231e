export { DurableObjectNamespace, createObjectStub } from "./namespace.js";
export { DurableObjectId, DurableObjectIdFactory } from "./id.js";
export { ObjectHost, keyOf, missingClassError } from "./object-host.js";
export { DurableObjectStorage, DurableObjectTransaction } from "./storage.js";
export { SqlStorage, SqlStorageCursor } from "./sql.js";
export type { DurableObjectDescriptor } from "./descriptor.js";
