/**
 * `R2MultipartUpload`. Parts are blob files until `complete()`, which joins them into one blob
 * and commits the object. Part rules as R2 enforces them: every part but the last at least
 * 5 MiB, all of them the same size, the last no larger.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../../storage/clock.js";
import { concat } from "../../shared/read-body.js";
import { R2Object } from "./r2-object.js";
import type { PartRow, R2Storage } from "./storage.js";
import { assertPartNumber, r2Error, r2Limits } from "./validate.js";
import { toPutBytes } from "./put-value.js";
import { Buffer } from "node:buffer";

export interface R2UploadedPart {
  partNumber: number;
  etag: string;
}

export class R2MultipartUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly #storage: R2Storage;
  readonly #clock: Clock;

  constructor(key: string, uploadId: string, storage: R2Storage, clock: Clock) {
    this.key = key;
    this.uploadId = uploadId;
    this.#storage = storage;
    this.#clock = clock;
  }

  get [Symbol.toStringTag](): string {
    return "R2MultipartUpload";
  }

  async uploadPart(partNumber: number, value: unknown): Promise<R2UploadedPart> {
    assertPartNumber(partNumber);
    const body = await toPutBytes(value, "uploadPart");
    const sql = this.#storage.sql;
    const upload = sql.getUpload.get({ upload_id: this.uploadId, key: this.key });
    if (upload?.state !== "in-progress") throw r2Error("uploadPart", "noSuchUpload");
    const blobId = this.#storage.blobs.put(body);
    const part: PartRow = {
      upload_id: this.uploadId,
      part_number: partNumber,
      blob_id: blobId,
      size: body.byteLength,
      etag: randomBytes(16).toString("hex"),
      md5: createHash("md5").update(body).digest("hex"),
    };
    const previous = this.#storage.transaction(() => {
      const state = sql.getUpload.get({ upload_id: this.uploadId, key: this.key })?.state;
      if (state !== "in-progress") return { ok: false as const };
      const old = sql.getPart.get({ upload_id: this.uploadId, part_number: partNumber });
      sql.putPart.run(part);
      return { ok: true as const, old: old?.blob_id };
    });
    if (!previous.ok) {
      this.#storage.blobs.delete(blobId);
      throw r2Error("uploadPart", "noSuchUpload");
    }
    if (previous.old) this.#storage.blobs.delete(previous.old);
    return { partNumber, etag: part.etag };
  }

  async abort(): Promise<void> {
    const sql = this.#storage.sql;
    const removed = this.#storage.transaction(() => {
      const upload = sql.getUpload.get({ upload_id: this.uploadId, key: this.key });
      if (!upload) throw r2Error("abortMultipartUpload", "internal");
      // Aborting a finished upload is allowed and changes nothing.
      if (upload.state !== "in-progress") return [];
      sql.setUploadState.run({ upload_id: this.uploadId, state: "aborted" });
      return sql.deleteParts.all({ upload_id: this.uploadId });
    });
    for (const { blob_id } of removed) this.#storage.blobs.delete(blob_id);
  }

  async complete(uploadedParts: R2UploadedPart[]): Promise<R2Object> {
    for (const part of uploadedParts) assertPartNumber(part.partNumber);
    const sql = this.#storage.sql;
    const upload = sql.getUpload.get({ upload_id: this.uploadId, key: this.key });
    if (!upload) throw r2Error("completeMultipartUpload", "internal");
    if (upload.state !== "in-progress") throw r2Error("completeMultipartUpload", "noSuchUpload");
    const parts = this.#selectParts(uploadedParts, sql.listParts.all({ upload_id: this.uploadId }));

    const body = concat(parts.map((part) => this.#storage.blobs.read(part.blob_id) ?? new Uint8Array()));
    const etagHash = createHash("md5");
    for (const part of parts) etagHash.update(Buffer.from(part.md5, "hex"));
    const row = {
      key: this.key,
      version: randomBytes(16).toString("hex"),
      size: body.byteLength,
      etag: `${etagHash.digest("hex")}-${parts.length}`,
      uploaded: this.#clock.now(),
      checksums: "{}",
      http_metadata: upload.http_metadata,
      custom_metadata: upload.custom_metadata,
      storage_class: upload.storage_class,
    };
    let partBlobs: { blob_id: string }[] = [];
    const stored = this.#storage.putObject(row, body, () => {
      if (sql.getUpload.get({ upload_id: this.uploadId, key: this.key })?.state !== "in-progress") return false;
      sql.setUploadState.run({ upload_id: this.uploadId, state: "completed" });
      partBlobs = sql.deleteParts.all({ upload_id: this.uploadId });
      return true;
    });
    if (!stored) throw r2Error("completeMultipartUpload", "noSuchUpload");
    for (const { blob_id } of partBlobs) this.#storage.blobs.delete(blob_id);
    return new R2Object(stored);
  }

  #selectParts(selected: R2UploadedPart[], uploaded: PartRow[]): PartRow[] {
    const byNumber = new Map(uploaded.map((part) => [part.part_number, part]));
    const seen = new Set<number>();
    const parts = selected.map(({ partNumber, etag }) => {
      if (seen.has(partNumber)) throw r2Error("completeMultipartUpload", "internal");
      seen.add(partNumber);
      const part = byNumber.get(partNumber);
      if (!part || part.etag !== etag) throw r2Error("completeMultipartUpload", "invalidPart");
      return part;
    });
    for (const part of parts.slice(0, -1)) {
      if (part.size < r2Limits.minPartSize) throw r2Error("completeMultipartUpload", "entityTooSmall");
    }
    parts.sort((a, b) => a.part_number - b.part_number);
    const size = parts.length > 1 ? parts[0]!.size : undefined;
    for (const part of parts.slice(0, -1)) {
      if (part.size !== size) throw r2Error("completeMultipartUpload", "badUpload");
    }
    if (size !== undefined && parts.at(-1)!.size > size) throw r2Error("completeMultipartUpload", "badUpload");
    return parts;
  }
}
