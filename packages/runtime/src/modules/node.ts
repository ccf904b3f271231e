/** `cloudflare:node`, as seen by user code inside a generation: Node servers as the worker's handlers. */
export { connectHandler, handleAsNodeConnection, handleAsNodeRequest, httpServerHandler } from "../web/node-server/handlers.js";
