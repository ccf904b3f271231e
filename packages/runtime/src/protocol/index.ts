export type * from "./messages.js";
export * from "./errors.js";
export * from "./body.js";
export type * from "./bindings.js";
export { encode, decode, encodeFailure, dataCloneError, type RpcExporter, type RpcImporter } from "./rpc-codec.js";
export { createChannel, withTransfer, type Channel, type ChannelPort } from "./channel.js";
export type * from "./host-units.js";
export type * from "./queues.js";
export type * from "./workflows.js";
