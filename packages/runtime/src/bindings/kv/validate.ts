/**
 * KV limits and errors, with Cloudflare's wording: workerd checks some things itself
 * (TypeErrors), the rest come back from the KV service as `KV <OP> failed: <status> <text>`.
 * https://developers.cloudflare.com/kv/platform/limits/
 */
export const kvLimits = {
  maxKeySize: 512,
  maxValueSize: 25 * 1024 * 1024,
  maxMetadataSize: 1024,
  minExpirationTtl: 60,
  minCacheTtl: 30,
  maxListKeys: 1000,
  maxBulkKeys: 100,
} as const;

export type KvOperation = "GET" | "GET_BULK" | "PUT" | "DELETE";

/** An error as the KV service reports it to workerd. */
export function kvError(op: KvOperation, status: number, text: string): Error {
  return new Error(`KV ${op} failed: ${status} ${text}`);
}

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** What workerd checks before sending a single-key request. */
export function assertKeyName(op: KvOperation, key: string): void {
  if (key === "") throw new TypeError("Key name cannot be empty.");
  if (key === "." || key === "..") throw new TypeError(`"${key}" is not allowed as a key name.`);
  assertKeyLength(op, key);
}

export function assertKeyLength(op: KvOperation, key: string): void {
  const length = byteLength(key);
  if (length > kvLimits.maxKeySize) {
    throw kvError(op, 414, `UTF-8 encoded length of ${length} exceeds key length limit of ${kvLimits.maxKeySize}.`);
  }
}

/** What the service checks for each key of a bulk get. */
export function assertBulkKey(key: string): void {
  if (key === "") throw kvError("GET_BULK", 400, "Key names must not be empty");
  if (key === "." || key === "..") throw kvError("GET_BULK", 400, `Illegal key name "${key}". Please use a different name.`);
  assertKeyLength("GET_BULK", key);
}

export function assertCacheTtl(op: KvOperation, cacheTtl: number | undefined): void {
  if (cacheTtl === undefined) return;
  if (Number.isNaN(Number(cacheTtl)) || cacheTtl < kvLimits.minCacheTtl) {
    throw kvError(op, 400, `Invalid cache_ttl of ${cacheTtl}. Cache TTL must be at least ${kvLimits.minCacheTtl}.`);
  }
}

/** Resolves `expiration` / `expirationTtl` (seconds) to an absolute expiration, or null. */
export function resolveExpiration(nowSeconds: number, options: { expiration?: unknown; expirationTtl?: unknown }): number | null {
  if (options.expirationTtl !== undefined && options.expirationTtl !== null) {
    // workerd converts the option to an integer first: "x" becomes 0.
    const ttl = Math.trunc(Number(options.expirationTtl)) || 0;
    const raw = String(ttl);
    if (ttl <= 0) {
      throw kvError("PUT", 400, `Invalid expiration_ttl of ${raw}. Please specify integer greater than 0.`);
    }
    if (ttl < kvLimits.minExpirationTtl) {
      throw kvError(
        "PUT",
        400,
        `Invalid expiration_ttl of ${raw}. Expiration TTL must be at least ${kvLimits.minExpirationTtl}.`,
      );
    }
    return nowSeconds + ttl;
  }
  if (options.expiration !== undefined && options.expiration !== null) {
    const raw = String(options.expiration);
    const expiration = Number.parseInt(raw);
    if (Number.isNaN(expiration) || expiration <= nowSeconds) {
      throw kvError(
        "PUT",
        400,
        `Invalid expiration of ${raw}. Please specify integer greater than the current number of seconds since the UNIX epoch.`,
      );
    }
    if (expiration < nowSeconds + kvLimits.minExpirationTtl) {
      throw kvError(
        "PUT",
        400,
        `Invalid expiration of ${raw}. Expiration times must be at least ${kvLimits.minExpirationTtl} seconds in the future.`,
      );
    }
    return expiration;
  }
  return null;
}

/** Serializes metadata as JSON, rejecting more than 1024 bytes. */
export function resolveMetadata(metadata: unknown): string | null {
  if (metadata === undefined || metadata === null) return null;
  const json = JSON.stringify(metadata);
  if (json === undefined) return null;
  const length = byteLength(json);
  if (length > kvLimits.maxMetadataSize) {
    throw kvError("PUT", 413, `Metadata length of ${length} exceeds limit of ${kvLimits.maxMetadataSize}.`);
  }
  return json;
}

export function valueTooLarge(length: number): Error {
  return kvError("PUT", 413, `Value length of ${length} exceeds limit of ${kvLimits.maxValueSize}.`);
}

export function assertListLimit(limit: number | undefined): number {
  // workerd only sends a positive limit; the service defaults to 1000.
  if (limit === undefined || limit === null || !(limit > 0)) return kvLimits.maxListKeys;
  if (limit > kvLimits.maxListKeys) {
    throw kvError(
      "GET",
      400,
      `Invalid key_count_limit of ${limit}. Please specify an integer less than ${kvLimits.maxListKeys}.`,
    );
  }
  return Math.floor(limit);
}
