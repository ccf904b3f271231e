/** `cloudflare:sockets`, as seen by user code inside a generation: outbound TCP (and TLS) sockets. */
export { connect } from "../web/sockets/connect.js";
export { internalNewHttpClient } from "../web/sockets/http-client.js";
