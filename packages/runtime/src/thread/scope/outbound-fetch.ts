/**
 * The worker's `fetch()` to the internet as workerd's local runtime sends it (miniflare's outbound
 * worker, which @cloudflare/vite-plugin runs): a `CF-Worker` header naming the worker's zone,
 * `<worker name>.example.com` locally, and no `CF-Connecting-IP` (which a proxied incoming request
 * carries). https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-worker
 * The request goes out with workerd's headers (outbound-dispatcher.ts).
 */
import { translateFetchError } from "./fetch-wording.js";
import { redirectValue, toWorkerdRequestInit } from "./fetch-shape.js";
import { createOutboundDispatcher, encodedContentEncoding } from "./outbound-dispatcher.js";
import { streamLength } from "./stream-length.js";

/**
 * With `encodedBody`, a response body stays as the server encoded it, `content-encoding` kept, as
 * workerd's fetch with `encodeResponseBody: "manual"` answers (what its `node:http` client uses).
 */
export function withWorkerHeaders(
  outbound: typeof fetch,
  workerName: string,
  options: { encodedBody?: boolean } = {},
): typeof fetch {
  const zone = `${workerName}.example.com`;
  const dispatcherFor = createOutboundDispatcher(outbound);
  return function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    let request: Request;
    try {
      // A Request, so that a Request passed as `init` (fetch(url, request)) keeps its method and body.
      request = new Request(input, toWorkerdRequestInit(init));
    } catch (error) {
      return Promise.reject(translateFetchError(error) ?? error);
    }
    const refused = refusal(request);
    if (refused) return Promise.reject(refused);
    request.headers.delete("cf-connecting-ip");
    request.headers.set("cf-worker", zone);
    const length = streamLength((init as { body?: unknown } | undefined)?.body);
    if (length !== undefined && !request.headers.has("content-length")) request.headers.set("content-length", String(length));
    const headers = request.headers;
    const dispatcher = dispatcherFor((name) => headers.has(name), options.encodedBody);
    const response = outbound(request, { dispatcher } as RequestInit).catch((error: unknown) => {
      throw translateFetchError(error) ?? error;
    });
    return options.encodedBody ? response.then(restoreContentEncoding) : response;
  };
}

/** What workerd refuses before sending: a scheme other than http(s), ws(s) (an upgrade) and data:, `redirect: "error"`. */
function refusal(request: Request): Error | undefined {
  if (!/^(https?|wss?|data):/i.test(request.url)) return new TypeError(`Fetch API cannot load: ${request.url}`);
  if (request.redirect === "error") return new TypeError(redirectValue);
  return undefined;
}

/** The response's `content-encoding` under its own name again (its headers are otherwise immutable). */
function restoreContentEncoding(response: Response): Response {
  const encoding = response.headers.get(encodedContentEncoding);
  if (encoding === null) return response;
  const headers = new Headers();
  for (const [name, value] of response.headers)
    headers.append(name === encodedContentEncoding ? "content-encoding" : name, value);
  Object.defineProperty(response, "headers", { value: headers, configurable: true });
  return response;
}
