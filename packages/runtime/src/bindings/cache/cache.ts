/** `Cache` (`caches.default`, `await caches.open(name)`), as workerd exposes it. */
import { STATUS_CODES } from "node:http";
import type { Clock } from "../../storage/clock.js";
import { parseRangeHeader } from "../../shared/byte-range.js";
import { etagValue, includesEtag, parseEtagList } from "../../shared/etag.js";
import { decideCaching } from "./policy.js";
import type { CachedResponse, CacheStore } from "./storage.js";

interface CacheQueryOptions {
  ignoreMethod?: boolean;
}

export class Cache {
  get [Symbol.toStringTag](): string {
    return "Cache";
  }

  readonly #name: string;
  readonly #store: CacheStore;
  readonly #clock: Clock;

  constructor(name: string, store: CacheStore, clock: Clock) {
    this.#name = name;
    this.#store = store;
    this.#clock = clock;
  }

  add(_request: unknown): never {
    return notInWorkerd("add", "Cache");
  }

  addAll(_requests: unknown): never {
    return notInWorkerd("addAll", "Cache");
  }

  keys(_request?: unknown): never {
    return notInWorkerd("keys", "Cache");
  }

  matchAll(_request?: unknown): never {
    return notInWorkerd("matchAll", "Cache");
  }

  async put(input: RequestInfo | URL, response: Response): Promise<void> {
    if (!(response instanceof Response))
      throw new TypeError("Failed to execute 'put' on 'Cache': parameter 2 is not of type 'Response'.");
    if (response.type === "error") throw new TypeError("Cache is unable to store an error response");
    const request = toRequest(input);
    if (request.method !== "GET") throw new TypeError("Cannot cache response to non-GET request.");
    if (response.status === 206) throw new TypeError("Cannot cache response to a range request (206 Partial Content).");
    if (response.headers.get("vary")?.includes("*")) throw new TypeError("Cannot cache response with 'Vary: *' header.");
    // Cloudflare silently drops 304s: caching one would answer unconditional requests with it.
    if (response.status === 304) return;
    if (response.bodyUsed) throw new TypeError(bodyUsed);
    const body = new Uint8Array(await response.arrayBuffer());
    const now = this.#clock.now();
    const decision = decideCaching(response.status, response.headers, now);
    if (!decision.store) return;
    // The cache dates what it stores (its `age` counts from there).
    const headers = decision.headers.some(([name]) => name.toLowerCase() === "date")
      ? decision.headers
      : [...decision.headers, ["date", new Date(now).toUTCString()] as [string, string]];
    this.#store.put(this.#name, request.url, { status: response.status, headers, body }, decision.expires);
  }

  async match(input: RequestInfo | URL, options?: CacheQueryOptions): Promise<Response | undefined> {
    const request = toRequest(input);
    if (request.method !== "GET" && !options?.ignoreMethod) return undefined;
    const cached = this.#store.get(this.#name, request.url, this.#clock.now());
    if (!cached) return undefined;
    return toMatchResponse(request.headers, cached, this.#clock.now());
  }

  async delete(input: RequestInfo | URL, options?: CacheQueryOptions): Promise<boolean> {
    const request = toRequest(input);
    if (request.method !== "GET" && !options?.ignoreMethod) return false;
    return this.#store.delete(this.#name, request.url, this.#clock.now());
  }
}

const bodyUsed = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.";

/** What workerd throws for the Cache API methods it does not implement (jsg::Unimplemented). */
export function notInWorkerd(method: string, className: string): never {
  throw new Error(`Failed to execute '${method}' on '${className}': the method is not implemented.`);
}

function toRequest(input: RequestInfo | URL): Request {
  if (input instanceof Request) return input;
  try {
    return new Request(input);
  } catch {
    throw new TypeError(`Invalid URL: ${String(input)}`);
  }
}

/** A HIT, honouring If-None-Match (304) and a single-range Range header (206), as the cache does. */
function toMatchResponse(requestHeaders: Headers, cached: CachedResponse, now: number): Response {
  const headers = new Headers(cached.headers);
  headers.set("cf-cache-status", "HIT");
  const date = Date.parse(headers.get("date") ?? "");
  if (!Number.isNaN(date)) headers.set("age", String(Math.max(0, Math.floor((now - date) / 1000))));
  if (notModified(headers.get("etag"), requestHeaders.get("if-none-match"))) return new Response(null, { status: 304, headers });
  const rangeHeader = requestHeaders.get("range");
  const size = cached.body.byteLength;
  const range = rangeHeader === null ? undefined : parseRangeHeader(rangeHeader, size);
  if (range === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}`, "cf-cache-status": "HIT" } });
  }
  if (range) {
    const end = range.offset + range.length - 1;
    headers.set("content-range", `bytes ${range.offset}-${end}/${size}`);
    headers.set("content-length", String(range.length));
    return new Response(new Uint8Array(cached.body.subarray(range.offset, end + 1)), { status: 206, headers });
  }
  const nullBody = [101, 204, 205, 304].includes(cached.status);
  if (!nullBody) headers.set("content-length", String(size));
  const statusText = STATUS_CODES[cached.status] ?? "";
  return new Response(nullBody ? null : new Uint8Array(cached.body), { status: cached.status, statusText, headers });
}

/** If-None-Match uses weak comparison; a malformed header never matches. */
function notModified(etagHeader: string | null, ifNoneMatch: string | null): boolean {
  const etag = etagHeader === null ? undefined : etagValue(etagHeader);
  if (etag === undefined || ifNoneMatch === null) return false;
  try {
    return includesEtag(parseEtagList(ifNoneMatch), etag, true);
  } catch {
    return false;
  }
}
