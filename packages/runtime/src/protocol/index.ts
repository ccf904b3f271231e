export type * from "./messages.js";
export * from "./errors.js";
export * from "./body.js";
