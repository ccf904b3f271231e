/** R2's own tables and statements. Every object body is a blob file named by a random id. */
import { BlobStore } from "../../storage/blob-store.js";
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";
import type { StatePaths } from "../../storage/state-path.js";

const schema = `
CREATE TABLE IF NOT EXISTS r2_objects (
  key TEXT PRIMARY KEY,
  blob_id TEXT NOT NULL,
  version TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  uploaded INTEGER NOT NULL,
  checksums TEXT NOT NULL,
  http_metadata TEXT NOT NULL,
  custom_metadata TEXT NOT NULL,
  storage_class TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS r2_multipart_uploads (
  upload_id TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  http_metadata TEXT NOT NULL,
  custom_metadata TEXT NOT NULL,
  storage_class TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'in-progress'
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS r2_multipart_parts (
  upload_id TEXT NOT NULL,
  part_number INTEGER NOT NULL,
  blob_id TEXT NOT NULL,
  size INTEGER NOT NULL,
  etag TEXT NOT NULL,
  md5 TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
`;

export interface StoredHttpMetadata {
  contentType?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  cacheControl?: string;
  /** Milliseconds since the epoch. */
  cacheExpiry?: number;
}

export interface ObjectRow {
  key: string;
  blob_id: string;
  version: string;
  size: number;
  etag: string;
  /** Milliseconds since the epoch. */
  uploaded: number;
  /** JSON: field -> hex digest. */
  checksums: string;
  http_metadata: string;
  custom_metadata: string;
  storage_class: string;
}

export interface UploadRow {
  upload_id: string;
  key: string;
  http_metadata: string;
  custom_metadata: string;
  storage_class: string;
  state: "in-progress" | "completed" | "aborted";
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  md5: string;
}

export class R2Storage {
  readonly blobs: BlobStore;
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(paths: StatePaths) {
    this.#database = new LazyDatabase(paths.database, schema, prepare);
    this.blobs = new BlobStore(paths.blobs);
  }

  /** Opened on first use. */
  get sql() {
    return this.#database.statements;
  }

  /** Runs `fn` in one write transaction (it waits while another generation writes the same file). */
  transaction<T>(fn: () => T): T {
    return this.#database.write(fn);
  }

  getObject(key: string): ObjectRow | undefined {
    return this.sql.getObject.get({ key });
  }

  readBody(row: ObjectRow, offset: number, length: number): Uint8Array {
    const bytes = this.blobs.read(row.blob_id, offset, offset + length);
    if (bytes === null) throw new Error(`[kindling] The body of R2 object "${row.key}" is missing from the state directory.`);
    return bytes;
  }

  /**
   * Writes the body durably, then commits the row if `accept(previous)` holds.
   * Returns false (and leaves nothing behind) when it does not.
   */
  putObject(row: Omit<ObjectRow, "blob_id">, body: Uint8Array, accept: (previous?: ObjectRow) => boolean): ObjectRow | null {
    const blobId = this.blobs.put(body);
    const stored: ObjectRow = { ...row, blob_id: blobId };
    const outcome = this.transaction(() => {
      const previous = this.sql.getObject.get({ key: row.key });
      if (!accept(previous)) return { ok: false as const };
      this.sql.putObject.run(stored);
      return { ok: true as const, old: previous?.blob_id };
    });
    if (!outcome.ok) {
      this.blobs.delete(blobId);
      return null;
    }
    if (outcome.old) this.blobs.delete(outcome.old);
    return stored;
  }

  deleteObjects(keys: string[]): void {
    const old = this.transaction(() => keys.map((key) => this.sql.deleteObject.get({ key })?.blob_id));
    for (const blobId of old) if (blobId) this.blobs.delete(blobId);
  }

  /** Objects with `prefix`, after `startAfter`, in key order (byte order of UTF-8). */
  iterateObjects(prefix: string, startAfter: string | null): IterableIterator<ObjectRow> {
    return this.sql.listObjects.iterate({ prefix, after: startAfter });
  }
}

function prepare(db: Database) {
  return {
    getObject: db.prepare("SELECT * FROM r2_objects WHERE key = :key") as Statement<[{ key: string }], ObjectRow>,
    putObject: db.prepare(
      `INSERT OR REPLACE INTO r2_objects (key, blob_id, version, size, etag, uploaded, checksums, http_metadata, custom_metadata, storage_class)
       VALUES (:key, :blob_id, :version, :size, :etag, :uploaded, :checksums, :http_metadata, :custom_metadata, :storage_class)`,
    ) as Statement<[ObjectRow]>,
    deleteObject: db.prepare("DELETE FROM r2_objects WHERE key = :key RETURNING blob_id") as Statement<
      [{ key: string }],
      Pick<ObjectRow, "blob_id">
    >,
    listObjects: db.prepare(
      `SELECT * FROM r2_objects WHERE substr(key, 1, length(:prefix)) = :prefix AND (:after IS NULL OR key > :after) ORDER BY key`,
    ) as Statement<[{ prefix: string; after: string | null }], ObjectRow>,
    createUpload: db.prepare(
      `INSERT INTO r2_multipart_uploads (upload_id, key, http_metadata, custom_metadata, storage_class)
       VALUES (:upload_id, :key, :http_metadata, :custom_metadata, :storage_class)`,
    ) as Statement<[Omit<UploadRow, "state">]>,
    getUpload: db.prepare("SELECT * FROM r2_multipart_uploads WHERE upload_id = :upload_id AND key = :key") as Statement<
      [{ upload_id: string; key: string }],
      UploadRow
    >,
    setUploadState: db.prepare("UPDATE r2_multipart_uploads SET state = :state WHERE upload_id = :upload_id") as Statement<
      [{ upload_id: string; state: UploadRow["state"] }]
    >,
    putPart: db.prepare(
      `INSERT OR REPLACE INTO r2_multipart_parts (upload_id, part_number, blob_id, size, etag, md5)
       VALUES (:upload_id, :part_number, :blob_id, :size, :etag, :md5)`,
    ) as Statement<[PartRow]>,
    getPart: db.prepare(
      "SELECT * FROM r2_multipart_parts WHERE upload_id = :upload_id AND part_number = :part_number",
    ) as Statement<[{ upload_id: string; part_number: number }], PartRow>,
    listParts: db.prepare("SELECT * FROM r2_multipart_parts WHERE upload_id = :upload_id ORDER BY part_number") as Statement<
      [{ upload_id: string }],
      PartRow
    >,
    deleteParts: db.prepare("DELETE FROM r2_multipart_parts WHERE upload_id = :upload_id RETURNING blob_id") as Statement<
      [{ upload_id: string }],
      Pick<PartRow, "blob_id">
    >,
  };
}
