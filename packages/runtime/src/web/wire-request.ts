/** `Request` <-> the wire format requests cross threads in: the one place for both directions. */
import type { WireRequest } from "../protocol/messages.js";
import { toWireBody } from "../protocol/body.js";
import { setRequestCf } from "./request-cf.js";
import { wireHeaders } from "../protocol/wire-headers.js";

const immutable = () => new TypeError("Can't modify immutable headers.");
let immutableHeaders: object | undefined;

/** workerd's received requests have immutable headers (a copy, `new Request(request)`, has mutable ones). */
function freezeHeaders(headers: Headers): void {
  immutableHeaders ??= Object.create(Object.getPrototypeOf(headers) as object, {
    append: {
      value: function append() {
        throw immutable();
      },
      writable: true,
      configurable: true,
    },
    set: {
      value: function set() {
        throw immutable();
      },
      writable: true,
      configurable: true,
    },
    delete: {
      value: function delete_() {
        throw immutable();
      },
      writable: true,
      configurable: true,
    },
  }) as object;
  Object.setPrototypeOf(headers, immutableHeaders);
}

/**
 * The `Request` a handler receives: the wire's method, URL, headers and body (streamed when it
 * crossed as a stream). `cf` is set on requests that come from the (local) edge; `signal` aborts
 * when the client goes away. Like workerd's, a received request does not follow redirects when
 * passed on to `fetch()` (`redirect: "manual"`).
 */
export function fromWireRequest(wire: WireRequest, options: { signal?: AbortSignal; cf?: object } = {}): Request {
  const request = new Request(wire.url, {
    method: wire.method,
    headers: wire.headers,
    body: wire.body,
    signal: options.signal,
    redirect: "manual",
    // @ts-expect-error undici needs duplex for stream bodies; not in the DOM typings
    duplex: "half",
  });
  if (options.cf) setRequestCf(request, options.cf);
  freezeHeaders(request.headers);
  return request;
}

/** A `Request` as it crosses to another thread: a complete body as one buffer, a slow one as a stream. */
export async function toWireRequest(request: Request): Promise<WireRequest> {
  return {
    method: request.method,
    url: request.url,
    headers: wireHeaders(request.headers),
    body: await toWireBody(request.body),
  };
}
