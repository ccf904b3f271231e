/** `KVNamespace`, as workerd exposes it to user code, over SQLite storage. */
import type { Clock } from "../../storage/clock.js";
import { bufferSourceBytes, bytesStream, isArrayBufferLike, readStream } from "../../shared/read-body.js";
import type { KvStorage } from "./storage.js";
import {
  assertBulkKey,
  assertCacheTtl,
  assertKeyLength,
  assertKeyName,
  assertListLimit,
  kvError,
  kvLimits,
  resolveExpiration,
  resolveMetadata,
  valueTooLarge,
} from "./validate.js";
import { Buffer } from "node:buffer";

type ValueType = "text" | "json" | "arrayBuffer" | "stream";
type GetOptions = ValueType | { type?: ValueType; cacheTtl?: number } | undefined;

interface PutOptions {
  expiration?: number;
  expirationTtl?: number;
  metadata?: unknown;
}

interface ListOptions {
  limit?: number;
  prefix?: string | null;
  cursor?: string | null;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** workerd names the class behind `KVNamespace` `KvNamespace`. */
export class KvNamespace {
  get [Symbol.toStringTag](): string {
    return "KvNamespace";
  }

  readonly #storage: KvStorage;
  readonly #clock: Clock;

  constructor(storage: KvStorage, clock: Clock) {
    this.#storage = storage;
    this.#clock = clock;
  }

  get(key: string | string[], options?: GetOptions): Promise<unknown> {
    if (Array.isArray(key)) return this.#getBulk(key, options, false);
    return this.#getSingle(String(key), options).then((result) => result.value);
  }

  getWithMetadata(key: string | string[], options?: GetOptions): Promise<unknown> {
    if (Array.isArray(key)) return this.#getBulk(key, options, true);
    return this.#getSingle(String(key), options);
  }

  async put(key: string, value: unknown, options: PutOptions = {}): Promise<void> {
    key = String(key);
    assertKeyName("PUT", key);
    const bytes = await toValueBytes(value);
    const now = this.#nowSeconds();
    const expiration = resolveExpiration(now, options ?? {});
    const metadata = resolveMetadata(options?.metadata);
    if (bytes.byteLength > kvLimits.maxValueSize) throw valueTooLarge(bytes.byteLength);
    this.#storage.put(key, bytes, expiration, metadata);
  }

  async delete(key: string): Promise<void> {
    key = String(key);
    assertKeyName("DELETE", key);
    this.#storage.delete(key);
  }

  async list(options: ListOptions = {}): Promise<unknown> {
    const limit = assertListLimit(options?.limit);
    const prefix = options?.prefix ?? "";
    assertKeyLength("GET", prefix);
    const after = options?.cursor ? decodeCursor(options.cursor) : "";
    const rows = this.#storage.list(prefix, after, limit + 1, this.#nowSeconds());
    const complete = rows.length <= limit;
    const page = rows.slice(0, limit);
    const keys = page.map((row) => {
      const key: { name: string; expiration?: number; metadata?: unknown } = { name: row.name };
      if (row.expiration !== null) key.expiration = row.expiration;
      if (row.metadata !== null) key.metadata = JSON.parse(row.metadata);
      return key;
    });
    if (complete) return { list_complete: true, keys, cacheStatus: null };
    return { list_complete: false, keys, cursor: encodeCursor(page.at(-1)!.name), cacheStatus: null };
  }

  async #getSingle(key: string, options: GetOptions) {
    assertKeyName("GET", key);
    const { type, cacheTtl } = parseGetOptions(options);
    assertCacheTtl("GET", cacheTtl);
    const entry = this.#storage.get(key, this.#nowSeconds());
    if (!entry) return { value: null, metadata: null, cacheStatus: null };
    return {
      value: decodeValue(entry.value, type),
      metadata: entry.metadata === null ? null : JSON.parse(entry.metadata),
      cacheStatus: null,
    };
  }

  async #getBulk(keys: unknown[], options: GetOptions, withMetadata: boolean): Promise<Map<string, unknown>> {
    const { type, cacheTtl } = parseGetOptions(options);
    if (type !== "text" && type !== "json") throw kvError("GET_BULK", 400, `"${type}" is not a valid type. Use "json" or "text"`);
    if (keys.length > kvLimits.maxBulkKeys) {
      throw kvError("GET_BULK", 400, `You can request a maximum of ${kvLimits.maxBulkKeys} keys`);
    }
    if (keys.length < 1) throw kvError("GET_BULK", 400, "You must request a minimum of 1 key");
    const now = this.#nowSeconds();
    const result = new Map<string, unknown>();
    for (const raw of keys) {
      const key = String(raw);
      assertBulkKey(key);
      assertCacheTtl("GET_BULK", cacheTtl);
      const entry = this.#storage.get(key, now);
      let value: unknown = null;
      if (entry) {
        try {
          value = decodeValue(entry.value, type);
        } catch {
          throw kvError("GET_BULK", 400, `At least one of the requested keys corresponds to a non-${type} value`);
        }
      }
      // A missing key is null in both maps (workerd's answer), not { value: null, metadata: null }.
      if (!withMetadata || !entry) result.set(key, value);
      else result.set(key, { value, metadata: entry.metadata ? JSON.parse(entry.metadata) : null });
    }
    return result;
  }

  #nowSeconds(): number {
    return Math.floor(this.#clock.now() / 1000);
  }
}

function parseGetOptions(options: GetOptions): { type: string; cacheTtl?: number } {
  if (options === undefined || options === null) return { type: "text" };
  if (typeof options === "string") return { type: options };
  return { type: options.type ?? "text", cacheTtl: options.cacheTtl };
}

function decodeValue(bytes: Uint8Array, type: string): unknown {
  switch (type) {
    case "text":
      return decoder.decode(bytes);
    case "json":
      return JSON.parse(decoder.decode(bytes));
    case "arrayBuffer":
      return bytes.slice().buffer;
    case "stream":
      return bytesStream(bytes);
    default:
      throw new TypeError('Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".');
  }
}

async function toValueBytes(value: unknown): Promise<Uint8Array> {
  if (value instanceof ReadableStream) return readStream(value, kvLimits.maxValueSize, valueTooLarge);
  if (isArrayBufferLike(value) || ArrayBuffer.isView(value)) return bufferSourceBytes(value as ArrayBuffer);
  if (value !== null && typeof value === "object") {
    throw new TypeError("KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.");
  }
  return encoder.encode(String(value));
}

/** The cursor names the last key returned, so keys added between pages are not skipped. */
function encodeCursor(lastKey: string): string {
  return Buffer.from(lastKey, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, "base64url").toString("utf8");
}

export { KvNamespace as KVNamespace };
