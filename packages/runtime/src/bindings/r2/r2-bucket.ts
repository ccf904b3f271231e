/** `R2Bucket`, as workerd exposes it to user code, over SQLite rows and blob files. */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../storage/clock.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { parseConditional, testConditional } from "./conditional.js";
import { checkRangeArgument, resolveRange, type RangeInput } from "./range.js";
import { R2MultipartUpload } from "./r2-multipart-upload.js";
import { toPutBytes } from "./put-value.js";
import { R2Object, R2ObjectBody, toStoredHttpMetadata, type R2HTTPMetadata } from "./r2-object.js";
import type { ObjectRow, R2Storage } from "./storage.js";
import {
  assertCustomMetadata,
  assertObjectKey,
  badDigest,
  hashAlgorithms,
  r2Error,
  r2Limits,
  resolveChecksum,
  type HashField,
} from "./validate.js";
import { Buffer } from "node:buffer";

type ConditionalInput = Parameters<typeof parseConditional>[0];

interface GetOptions {
  onlyIf?: ConditionalInput;
  range?: RangeInput | Headers;
  ssecKey?: unknown;
}

interface PutOptions extends Partial<Record<HashField, ArrayBuffer | ArrayBufferView | string>> {
  onlyIf?: ConditionalInput;
  httpMetadata?: R2HTTPMetadata | Headers;
  customMetadata?: Record<string, string>;
  storageClass?: string;
  ssecKey?: unknown;
}

interface ListOptions {
  limit?: number;
  prefix?: string;
  cursor?: string;
  delimiter?: string;
  startAfter?: string;
  include?: ("httpMetadata" | "customMetadata")[];
}

export class R2Bucket {
  readonly #storage: R2Storage;
  readonly #clock: Clock;

  constructor(storage: R2Storage, clock: Clock) {
    this.#storage = storage;
    this.#clock = clock;
  }

  get [Symbol.toStringTag](): string {
    return "R2Bucket";
  }

  async head(key: string): Promise<R2Object | null> {
    key = String(key);
    assertObjectKey("head", key);
    const row = this.#storage.getObject(key);
    return row ? new R2Object(row, { http: true, custom: true, range: { offset: 0, length: row.size } }) : null;
  }

  async get(key: string, options: GetOptions = {}): Promise<R2ObjectBody | R2Object | null> {
    key = String(key);
    if (options?.ssecKey !== undefined) notImplemented("R2Bucket.get({ ssecKey })");
    const onlyIf = parseConditional(options?.onlyIf);
    checkRangeArgument(options?.range);
    assertObjectKey("get", key);
    const row = this.#storage.getObject(key);
    if (!row) return null;
    if (onlyIf && !testConditional(onlyIf, row)) {
      return new R2Object(row, { http: true, custom: true, range: { offset: 0, length: row.size } });
    }
    const range = resolveRange(options?.range, row.size) ?? { offset: 0, length: row.size };
    return new R2ObjectBody(row, this.#storage.readBody(row, range.offset, range.length), range);
  }

  async put(key: string, value: unknown, options: PutOptions = {}): Promise<R2Object | null> {
    key = String(key);
    options ??= {};
    if (options.ssecKey !== undefined) notImplemented("R2Bucket.put({ ssecKey })");
    const onlyIf = parseConditional(options.onlyIf);
    const checksum = resolveChecksum(options);
    const httpMetadata = toStoredHttpMetadata(options.httpMetadata);
    const customMetadata = toCustomMetadata(options.customMetadata);
    const body = await toPutBytes(value);
    assertObjectKey("put", key);
    if (body.byteLength > r2Limits.maxValueSize) throw r2Error("put", "entityTooLarge");
    assertCustomMetadata("put", customMetadata);

    const md5 = createHash("md5").update(body).digest("hex");
    const checksums: Record<string, string> = { md5 };
    if (checksum) {
      const node = hashAlgorithms.find((algorithm) => algorithm.field === checksum.field)!;
      const actual = checksum.field === "md5" ? md5 : createHash(node.node).update(body).digest("hex");
      if (actual !== checksum.hex) throw badDigest(node.name, checksum.hex, actual);
      checksums[checksum.field] = actual;
    }
    const row: Omit<ObjectRow, "blob_id"> = {
      key,
      version: randomBytes(16).toString("hex"),
      size: body.byteLength,
      etag: md5,
      uploaded: this.#clock.now(),
      checksums: JSON.stringify(checksums),
      http_metadata: JSON.stringify(httpMetadata),
      custom_metadata: JSON.stringify(customMetadata ?? {}),
      storage_class: options.storageClass ?? "Standard",
    };
    const stored = this.#storage.putObject(row, body, (previous) => !onlyIf || testConditional(onlyIf, previous));
    return stored ? new R2Object(stored) : null;
  }

  async delete(keys: string | string[]): Promise<void> {
    const list = (Array.isArray(keys) ? keys : [keys]).map(String);
    for (const key of list) assertObjectKey("delete", key);
    this.#storage.deleteObjects(list);
  }

  async list(options: ListOptions = {}) {
    options ??= {};
    const include = options.include ?? [];
    for (const field of include) {
      if (field !== "httpMetadata" && field !== "customMetadata") throw new RangeError(`Unsupported include value ${field}`);
    }
    const limit = options.limit ?? r2Limits.maxListKeys;
    if (!(limit >= 1 && limit <= r2Limits.maxListKeys)) throw r2Error("list", "invalidMaxKeys");
    const prefix = options.prefix ?? "";
    const delimiter = options.delimiter || undefined;
    // null lists from the first key: "" is a valid key (and a valid cursor position).
    let startAfter: string | null = options.startAfter || null;
    if (options.cursor) {
      const fromCursor = fromListCursor(options.cursor);
      if (startAfter === null || fromCursor > startAfter) startAfter = fromCursor;
    }
    const view = { http: include.includes("httpMetadata"), custom: include.includes("customMetadata") };
    const objects: R2Object[] = [];
    const delimitedPrefixes: string[] = [];
    let lastKey: string | undefined;
    let truncated = false;
    for (const row of this.#storage.iterateObjects(prefix, startAfter)) {
      const rest = row.key.slice(prefix.length);
      const at = delimiter === undefined ? -1 : rest.indexOf(delimiter);
      const group = at === -1 ? undefined : prefix + rest.slice(0, at + delimiter!.length);
      // Keys sharing a delimited prefix are contiguous: they fold into the prefix already listed.
      if (group !== undefined && group === delimitedPrefixes.at(-1) && lastKey !== undefined) {
        lastKey = row.key;
        continue;
      }
      if (objects.length + delimitedPrefixes.length === limit) {
        truncated = true;
        break;
      }
      if (group === undefined) objects.push(new R2Object(row, view));
      else delimitedPrefixes.push(group);
      lastKey = row.key;
    }
    if (!truncated) return { objects, delimitedPrefixes, truncated: false as const, cursor: undefined };
    return { objects, delimitedPrefixes, truncated: true as const, cursor: toListCursor(lastKey!) };
  }

  async createMultipartUpload(
    key: string,
    options: {
      httpMetadata?: R2HTTPMetadata | Headers;
      customMetadata?: Record<string, string>;
      storageClass?: string;
      ssecKey?: unknown;
    } = {},
  ): Promise<R2MultipartUpload> {
    key = String(key);
    options ??= {};
    if (options.ssecKey !== undefined) notImplemented("R2Bucket.createMultipartUpload({ ssecKey })");
    assertObjectKey("createMultipartUpload", key);
    const customMetadata = toCustomMetadata(options.customMetadata);
    assertCustomMetadata("createMultipartUpload", customMetadata);
    const uploadId = randomBytes(96).toString("base64url");
    const row = {
      upload_id: uploadId,
      key,
      http_metadata: JSON.stringify(toStoredHttpMetadata(options.httpMetadata)),
      custom_metadata: JSON.stringify(customMetadata ?? {}),
      storage_class: options.storageClass ?? "Standard",
    };
    this.#storage.transaction(() => this.#storage.sql.createUpload.run(row));
    return new R2MultipartUpload(key, uploadId, this.#storage, this.#clock);
  }

  resumeMultipartUpload(key: string, uploadId: string): R2MultipartUpload {
    return new R2MultipartUpload(String(key), String(uploadId), this.#storage, this.#clock);
  }
}

/** An opaque cursor for the key a truncated list stopped at (never "", even for the key ""). */
function toListCursor(lastKey: string): string {
  return Buffer.from(`k:${lastKey}`, "utf8").toString("base64url");
}

function fromListCursor(cursor: string): string {
  return Buffer.from(cursor, "base64url").toString("utf8").replace(/^k:/, "");
}

function toCustomMetadata(input: Record<string, string> | undefined): Record<string, string> | undefined {
  if (input === undefined || input === null) return undefined;
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, String(value)]));
}
