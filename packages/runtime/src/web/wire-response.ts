/** A handler's answer in wire form, for the worker's own fetch and a Durable Object's alike. */
import type { WireResponse } from "../protocol/messages.js";
import { toWireBody, transferablesOf } from "../protocol/body.js";
import { isManuallyEncoded, untouchedStringBody, webSocketOf } from "./upgrade-response.js";
import { isHibernatablePort, toWebSocketPort } from "./web-socket-port.js";
import { wireHeaders } from "../protocol/wire-headers.js";

/**
 * Checks that `value` is a Response (workerd's error otherwise) and converts it: a 101's socket
 * becomes a transferable port, a string body crosses as is, any other body in auto mode.
 * `onBodyDone` runs once the body has been read to its end.
 */
export async function toWireResponse(
  value: unknown,
  onBodyDone: () => void = () => {},
): Promise<{ response: WireResponse; transfer: Transferable[] }> {
  if (!(value instanceof Response)) {
    throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
  }
  const headers = identityHeaders(value);
  const webSocket = webSocketOf(value);
  if (webSocket) {
    const port = toWebSocketPort(webSocket);
    const response: WireResponse = { status: 101, statusText: "Switching Protocols", headers, body: null, webSocket: port };
    if (isHibernatablePort(port)) response.hibernatable = true;
    onBodyDone();
    return { response, transfer: [port as unknown as Transferable] };
  }
  const string = untouchedStringBody(value);
  if (string !== undefined) onBodyDone();
  const body = string ?? (await toWireBody(value.body, onBodyDone));
  return { response: { status: value.status, statusText: value.statusText, headers, body }, transfer: transferablesOf(body) };
}

/**
 * A body is identity bytes unless made with `encodeBody: "manual"`: workerd then compresses it as
 * Content-Encoding says. A `fetch()` response passed through has such a header while undici has
 * already decoded its body, so locally the body goes out as is, without the encoding headers
 * (a browser would otherwise fail to decode it).
 */
function identityHeaders(response: Response): [string, string][] {
  const headers = wireHeaders(response.headers);
  if (!response.headers.has("content-encoding") || isManuallyEncoded(response)) return headers;
  return headers.filter(([name]) => name !== "content-encoding" && name !== "content-length");
}
