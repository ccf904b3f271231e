/** `R2Object`, `R2ObjectBody` and `R2Checksums` as user code sees them. */
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

  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const field of ["md5", "sha1", "sha256", "sha384", "sha512"] as const) {
      const value = this[field];
      if (value) out[field] = Buffer.from(value).toString("hex");
    }
    return out;
  }
}

export interface ObjectView {
  /** Whether httpMetadata / customMetadata are known (list() without `include` leaves them out). */
  http: boolean;
  custom: boolean;
  range?: { offset: number; length: number };
}

export class R2Object {
  readonly key: string;
  readonly version: string;
  readonly size: number;
  readonly etag: string;
  readonly httpEtag: string;
  readonly checksums: R2Checksums;
  readonly uploaded: Date;
  httpMetadata?: R2HTTPMetadata;
  customMetadata?: Record<string, string>;
  readonly range?: { offset: number; length: number };
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
    if (view.http) this.httpMetadata = fromStoredHttpMetadata(JSON.parse(row.http_metadata));
    if (view.custom) this.customMetadata = JSON.parse(row.custom_metadata);
    if (view.range) this.range = view.range;
    this.storageClass = row.storage_class;
  }

  writeHttpMetadata(headers: Headers): void {
    if (!this.httpMetadata) {
      throw new TypeError(
        `HTTP metadata unknown for key \`${this.key}\`. Did you forget to add 'httpMetadata' to \`include\` when listing?`,
      );
    }
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

export class R2ObjectBody extends R2Object {
  readonly #response: Response;

  constructor(row: ObjectRow, bytes: Uint8Array, range: { offset: number; length: number }) {
    super(row, { http: true, custom: true, range });
    this.#response = new Response(bytesStream(bytes));
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

export function fromStoredHttpMetadata(stored: StoredHttpMetadata): R2HTTPMetadata {
  const { cacheExpiry, ...rest } = stored;
  return cacheExpiry === undefined ? rest : { ...rest, cacheExpiry: new Date(cacheExpiry) };
}
