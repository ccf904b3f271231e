export type * from "./messages.js";
export * from "./errors.js";
export * from "./body.js";
export type * from "./bindings.js";
export { encode, decode, encodeFailure, dataCloneError, type RpcExporter, type RpcImporter } from "./rpc-codec.js";
export { assetsChannelName, type AssetRequestMessage, type AssetResponseMessage } from "./assets.js";
