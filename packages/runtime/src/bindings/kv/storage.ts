/** KV's own tables and statements. Small values inline in SQLite, large ones in blob files. */
import { ValueStore } from "../../storage/value-store.js";
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";
import type { StatePaths } from "../../storage/state-path.js";

/** Values up to this size stay in the row; larger ones go to a blob file. */
const inlineLimit = 16 * 1024;

const schema = `
CREATE TABLE IF NOT EXISTS kv_entries (
  key TEXT PRIMARY KEY,
  value BLOB,
  blob_id TEXT,
  expiration INTEGER,
  metadata TEXT
) WITHOUT ROWID;
`;

interface EntryRow {
  key: string;
  value: Uint8Array | null;
  blob_id: string | null;
  expiration: number | null;
  metadata: string | null;
}

export interface KvEntry {
  value: Uint8Array;
  /** Seconds since the UNIX epoch. */
  expiration: number | null;
  /** JSON text. */
  metadata: string | null;
}

export interface KvListedKey {
  name: string;
  expiration: number | null;
  metadata: string | null;
}

export class KvStorage {
  readonly #values: ValueStore;
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(paths: StatePaths) {
    this.#database = new LazyDatabase(paths.database, schema, prepare);
    this.#values = new ValueStore(paths.blobs, inlineLimit);
  }

  /** Opened on first use, so a generation that never touches KV never opens the file. */
  get #sql() {
    return this.#database.statements;
  }

  get(key: string, nowSeconds: number): KvEntry | null {
    const row = this.#sql.get.get({ key, now: nowSeconds });
    if (!row) return null;
    const value = this.#values.read(row.value, row.blob_id);
    if (value === null) return null;
    return { value, expiration: row.expiration, metadata: row.metadata };
  }

  /** Durable when it returns: blob fsynced and renamed first, then the row committed. */
  put(key: string, value: Uint8Array, expiration: number | null, metadata: string | null): void {
    const stored = this.#values.store(value);
    const previous = this.#database.write((sql) => {
      const old = sql.previousBlob.get({ key });
      sql.put.run({ key, value: stored.inline, blob_id: stored.blobId, expiration, metadata });
      return old?.blob_id;
    });
    this.#values.release(previous);
  }

  delete(key: string): void {
    const row = this.#database.write((sql) => sql.delete.get({ key }));
    this.#values.release(row?.blob_id);
  }

  /** Keys in UTF-8 byte order (SQLite's BINARY collation), after `startAfter`. */
  list(prefix: string, startAfter: string, limit: number, nowSeconds: number): KvListedKey[] {
    const rows = this.#sql.list.all({ prefix, after: startAfter, limit, now: nowSeconds });
    return rows.map((row) => ({ name: row.key, expiration: row.expiration, metadata: row.metadata }));
  }
}

function prepare(db: Database) {
  const live = "(expiration IS NULL OR expiration > :now)";
  return {
    get: db.prepare(`SELECT value, blob_id, expiration, metadata FROM kv_entries WHERE key = :key AND ${live}`) as Statement<
      [{ key: string; now: number }],
      EntryRow
    >,
    previousBlob: db.prepare("SELECT blob_id FROM kv_entries WHERE key = :key") as Statement<
      [{ key: string }],
      Pick<EntryRow, "blob_id">
    >,
    put: db.prepare(
      `INSERT INTO kv_entries (key, value, blob_id, expiration, metadata) VALUES (:key, :value, :blob_id, :expiration, :metadata)
       ON CONFLICT(key) DO UPDATE SET value = excluded.value, blob_id = excluded.blob_id,
         expiration = excluded.expiration, metadata = excluded.metadata`,
    ) as Statement<[Omit<EntryRow, "key"> & { key: string }]>,
    delete: db.prepare("DELETE FROM kv_entries WHERE key = :key RETURNING blob_id") as Statement<
      [{ key: string }],
      Pick<EntryRow, "blob_id">
    >,
    list: db.prepare(
      `SELECT key, expiration, metadata FROM kv_entries
       WHERE substr(key, 1, length(:prefix)) = :prefix AND key > :after AND ${live}
       ORDER BY key LIMIT :limit`,
    ) as Statement<[{ prefix: string; after: string; limit: number; now: number }], EntryRow>,
  };
}
