/**
 * `R2Object`, `R2ObjectBody` and `R2Checksums` as user code sees them. workerd's classes behind the
 * first two are named `HeadResult` and `GetResult` (their constructor names and string tags).
 */
import { bytesStream } from "../../shared/read-body.js";
import type { ObjectRow, StoredHttpMetadata } from "./storage.js";
import { Buffer } from "node:buffer";

export interface R2HTTPMetadata {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  cacheExpiry?: Date;
}

export class R2Checksums {
  readonly md5?: ArrayBuffer;
  readonly sha1?: ArrayBuffer;
  readonly sha256?: ArrayBuffer;
  readonly sha384?: ArrayBuffer;
  readonly sha512?: ArrayBuffer;

  constructor(hex: Partial<Record<"md5" | "sha1" | "sha256" | "sha384" | "sha512", string>>) {
    for (const [field, value] of Object.entries(hex)) {
      if (value)
        Object.defineProperty(this, field, { value: new Uint8Array(Buffer.from(value, "hex")).buffer, enumerable: true });
    }
  }

  /** Every algorithm, `undefined` where the object has no such checksum (as workerd answers). */
  toJSON(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const field of ["md5", "sha1", "sha256", "sha384", "sha512"] as const) {
      const value = this[field];
      out[field] = value ? Buffer.from(value).toString("hex") : undefined;
    }
    return out;
  }

  get [Symbol.toStringTag](): string {
    return "R2Checksums";
  }
}

export interface ObjectView {
  /** Whether httpMetadata / customMetadata are read (list() without `include` leaves them empty). */
  http: boolean;
  custom: boolean;
  range?: { offset: number; length: number };
}

/** An object's range as workerd reports it: `suffix` is always there, resolved to an offset. */
export interface R2Range {
  offset: number;
  length: number;
  suffix: undefined;
}

export class HeadResult {
  readonly key: string;
  readonly version: string;
  readonly size: number;
  readonly etag: string;
  readonly httpEtag: string;
  readonly checksums: R2Checksums;
  readonly uploaded: Date;
  httpMetadata: R2HTTPMetadata;
  customMetadata: Record<string, string>;
  readonly range?: R2Range;
  readonly storageClass: string;
  readonly ssecKeyMd5?: string;

  constructor(row: ObjectRow, view: ObjectView = { http: true, custom: true }) {
    this.key = row.key;
    this.version = row.version;
    this.size = row.size;
    this.etag = row.etag;
    this.httpEtag = `"${row.etag}"`;
    this.checksums = new R2Checksums(JSON.parse(row.checksums));
    this.uploaded = new Date(row.uploaded);
    // workerd fills both with empty values when a list() leaves them out.
    this.httpMetadata = fromStoredHttpMetadata(view.http ? JSON.parse(row.http_metadata) : {});
    this.customMetadata = view.custom ? JSON.parse(row.custom_metadata) : {};
    if (view.range) this.range = { offset: view.range.offset, length: view.range.length, suffix: undefined };
    this.storageClass = row.storage_class;
  }

  get [Symbol.toStringTag](): string {
    return "HeadResult";
  }

  writeHttpMetadata(headers: Headers): void {
    const m = this.httpMetadata;
    if (m.contentType !== undefined) headers.set("content-type", m.contentType);
    if (m.contentLanguage !== undefined) headers.set("content-language", m.contentLanguage);
    if (m.contentDisposition !== undefined) headers.set("content-disposition", m.contentDisposition);
    if (m.contentEncoding !== undefined) headers.set("content-encoding", m.contentEncoding);
    if (m.cacheControl !== undefined) headers.set("cache-control", m.cacheControl);
    if (m.cacheExpiry !== undefined) headers.set("expires", m.cacheExpiry.toUTCString());
  }
}

const usedError = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.";

export class GetResult extends HeadResult {
  readonly #response: Response;

  constructor(row: ObjectRow, bytes: Uint8Array, range: { offset: number; length: number }) {
    super(row, { http: true, custom: true, range });
    this.#response = new Response(bytesStream(bytes));
  }

  override get [Symbol.toStringTag](): string {
    return "GetResult";
  }

  get body(): ReadableStream<Uint8Array> {
    return this.#response.body!;
  }

  get bodyUsed(): boolean {
    return this.#response.bodyUsed;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read(() => this.#response.arrayBuffer());
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  text(): Promise<string> {
    return this.#read(() => this.#response.text());
  }

  async json<T>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }

  async blob(): Promise<Blob> {
    const buffer = await this.arrayBuffer();
    return new Blob([buffer], { type: this.httpMetadata?.contentType ?? "" });
  }

  async #read<T>(read: () => Promise<T>): Promise<T> {
    if (this.#response.bodyUsed || this.body.locked) throw new TypeError(usedError);
    return read();
  }
}

export { HeadResult as R2Object, GetResult as R2ObjectBody };

/** httpMetadata from an object or from request Headers (as workerd reads them). */
export function toStoredHttpMetadata(input: R2HTTPMetadata | Headers | undefined): StoredHttpMetadata {
  if (!input) return {};
  const out: StoredHttpMetadata = {};
  if (input instanceof Headers) {
    const pick = (name: string) => input.get(name) ?? undefined;
    const expires = pick("expires");
    Object.assign(out, {
      contentType: pick("content-type"),
      contentLanguage: pick("content-language"),
      contentDisposition: pick("content-disposition"),
      contentEncoding: pick("content-encoding"),
      cacheControl: pick("cache-control"),
      cacheExpiry: expires === undefined ? undefined : Date.parse(expires),
    });
  } else {
    for (const field of ["contentType", "contentLanguage", "contentDisposition", "contentEncoding", "cacheControl"] as const) {
      if (input[field] !== undefined) out[field] = String(input[field]);
    }
    if (input.cacheExpiry !== undefined) out.cacheExpiry = new Date(input.cacheExpiry).getTime();
  }
  for (const key of Object.keys(out) as (keyof StoredHttpMetadata)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** Every httpMetadata field, `undefined` where unset (as workerd answers). */
export function fromStoredHttpMetadata(stored: StoredHttpMetadata): R2HTTPMetadata {
  return {
    contentType: stored.contentType,
    contentLanguage: stored.contentLanguage,
    contentDisposition: stored.contentDisposition,
    contentEncoding: stored.contentEncoding,
    cacheControl: stored.cacheControl,
    cacheExpiry: stored.cacheExpiry === undefined ? undefined : new Date(stored.cacheExpiry),
  };
}
