/**
 * Whether and how long `cache.put()` stores a response, as Cloudflare decides it:
 * https://developers.cloudflare.com/workers/runtime-apis/cache/#headers
 * - `no-store`, `no-cache` and `private` are not stored; `private=Set-Cookie` stores the response
 *   without its Set-Cookie headers; any other response with Set-Cookie is never stored.
 * - TTL from `s-maxage`, then `max-age`, then `Expires`, else Cloudflare's default edge TTL by
 *   status (https://developers.cloudflare.com/cache/how-to/configure-cache-status-code/#edge-ttl).
 */
export type CacheDecision = { store: false } | { store: true; expires: number; headers: [string, string][] };

const defaultTtlSeconds: Record<number, number> = { 200: 7200, 206: 7200, 301: 7200, 302: 1200, 303: 1200, 404: 180, 410: 180 };

export function parseCacheControl(value: string | null): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  if (!value) return directives;
  for (const part of value.split(",")) {
    const [rawName, ...rest] = part.split("=");
    const name = rawName!.trim().toLowerCase();
    if (!name) continue;
    const raw = rest.join("=").trim();
    directives.set(name, raw === "" ? true : raw.replace(/^"(.*)"$/, "$1"));
  }
  return directives;
}

export function decideCaching(status: number, headers: Headers, now: number): CacheDecision {
  const cacheControl = parseCacheControl(headers.get("cache-control"));
  if (cacheControl.has("no-store") || cacheControl.has("no-cache")) return { store: false };
  let pairs = [...headers];
  const privateFields = cacheControl.get("private");
  if (privateFields === true) return { store: false };
  if (typeof privateFields === "string") {
    const fields = privateFields.split(/\s*,\s*|\s+/).map((field) => field.toLowerCase());
    if (!fields.includes("set-cookie")) return { store: false };
    pairs = pairs.filter(([name]) => name.toLowerCase() !== "set-cookie");
  }
  if (pairs.some(([name]) => name.toLowerCase() === "set-cookie")) return { store: false };

  const ttl = ttlSeconds(status, cacheControl, headers.get("expires"), now);
  if (ttl === undefined || ttl <= 0) return { store: false };
  return { store: true, expires: now + ttl * 1000, headers: pairs };
}

function ttlSeconds(
  status: number,
  cacheControl: Map<string, string | true>,
  expires: string | null,
  now: number,
): number | undefined {
  for (const directive of ["s-maxage", "max-age"]) {
    const value = cacheControl.get(directive);
    if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  }
  if (expires !== null) {
    const at = Date.parse(expires);
    return Number.isNaN(at) ? 0 : Math.floor((at - now) / 1000);
  }
  return defaultTtlSeconds[status];
}
