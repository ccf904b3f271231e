/**
 * `fetch()` through an RPC address, and the stubs that offer it: a service binding (a `Fetcher`)
 * and a Durable Object stub send the request across as a wire request (its body streamed), and
 * get a Response back (a 101 with its WebSocket).
 */
import type { RpcAddress, WireResponse } from "../protocol/messages.js";
import { notImplemented } from "../shared/not-implemented.js";
import { upgradeResponse } from "../web/upgrade-response.js";
import { fromWebSocketPort, markHibernatablePort } from "../web/web-socket-port.js";
import { toWireRequest } from "../web/wire-request.js";
import type { RpcEndpoint } from "./endpoint.js";
import { createStub } from "./stub.js";

export async function fetchThrough(
  endpoint: RpcEndpoint,
  address: RpcAddress,
  input: RequestInfo | URL,
  init?: RequestInit,
): Promise<Response> {
  // workerd's wording for a URL that does not parse (undici's is "Failed to parse URL from ...").
  if (typeof input === "string" && !URL.canParse(input)) throw new TypeError(`Invalid URL: ${input}`);
  const request = await toWireRequest(new Request(input, init));
  const response = endpoint.unwrap(await endpoint.send(address, { op: "fetch", request })) as WireResponse;
  if (response.webSocket) {
    if (response.hibernatable) markHibernatablePort(response.webSocket);
    return upgradeResponse(fromWebSocketPort(response.webSocket), response.headers);
  }
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** The class a service binding shows (`ServiceStub` of `cloudflare:workers`, named `Fetcher` as in workerd) (its methods are the stub's members; these only give it workerd's shape). */
export class Fetcher {
  constructor() {
    throw new TypeError("Illegal constructor");
  }
  fetch(): never {
    throw new TypeError("Illegal invocation");
  }
  connect(): never {
    throw new TypeError("Illegal invocation");
  }
  get [Symbol.toStringTag](): string {
    return "Fetcher";
  }
}

/** A service binding's object (workerd's `Fetcher`): `fetch`, `connect`, and RPC to the entrypoint's methods. */
export function createFetcherStub(endpoint: RpcEndpoint, address: RpcAddress & { kind: "entrypoint" }): object {
  return createStub(address, (call) => endpoint.invoke(address, call), {
    prototype: Fetcher.prototype,
    members: {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchThrough(endpoint, address, input, init),
      connect: () => notImplemented("Fetcher.connect"),
    },
  });
}
