export type * from "./messages.js";
export * from "./errors.js";
export * from "./body.js";
export type { DurableObjectDescriptor } from "../bindings/durable-objects/descriptor.js";
