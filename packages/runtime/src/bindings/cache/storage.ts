/** The Cache API's own table: one row per (cache name, URL); large bodies in blob files. */
import { ValueStore } from "../../storage/value-store.js";
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";
import type { StatePaths } from "../../storage/state-path.js";

const inlineLimit = 64 * 1024;

const schema = `
CREATE TABLE IF NOT EXISTS cache_entries (
  cache_name TEXT NOT NULL,
  url TEXT NOT NULL,
  status INTEGER NOT NULL,
  headers TEXT NOT NULL,
  body BLOB,
  blob_id TEXT,
  expires INTEGER NOT NULL,
  PRIMARY KEY (cache_name, url)
) WITHOUT ROWID;
`;

interface EntryRow {
  status: number;
  headers: string;
  body: Uint8Array | null;
  blob_id: string | null;
  expires: number;
}

export interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

export class CacheStore {
  readonly #values: ValueStore;
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(paths: StatePaths) {
    this.#database = new LazyDatabase(paths.database, schema, prepare);
    this.#values = new ValueStore(paths.blobs, inlineLimit);
  }

  get #sql() {
    return this.#database.statements;
  }

  get(cacheName: string, url: string, now: number): CachedResponse | null {
    const row = this.#sql.get.get({ cache_name: cacheName, url, now });
    if (!row) return null;
    const body = this.#values.read(row.body, row.blob_id);
    if (body === null) return null;
    return { status: row.status, headers: JSON.parse(row.headers), body };
  }

  put(cacheName: string, url: string, response: CachedResponse, expires: number): void {
    const { body } = response;
    const stored = this.#values.store(body);
    const old = this.#database.write((sql) => {
      const previous = sql.delete.get({ cache_name: cacheName, url });
      sql.put.run({
        cache_name: cacheName,
        url,
        status: response.status,
        headers: JSON.stringify(response.headers),
        body: stored.inline,
        blob_id: stored.blobId,
        expires,
      });
      return previous?.blob_id;
    });
    this.#values.release(old);
  }

  /** True when a live entry was removed. */
  delete(cacheName: string, url: string, now: number): boolean {
    const row = this.#database.write((sql) => sql.delete.get({ cache_name: cacheName, url }));
    this.#values.release(row?.blob_id);
    return row !== undefined && row.expires > now;
  }
}

function prepare(db: Database) {
  type Key = { cache_name: string; url: string };
  return {
    get: db.prepare("SELECT * FROM cache_entries WHERE cache_name = :cache_name AND url = :url AND expires > :now") as Statement<
      [Key & { now: number }],
      EntryRow
    >,
    put: db.prepare(
      `INSERT INTO cache_entries (cache_name, url, status, headers, body, blob_id, expires)
       VALUES (:cache_name, :url, :status, :headers, :body, :blob_id, :expires)`,
    ) as Statement<[Key & EntryRow]>,
    delete: db.prepare(
      "DELETE FROM cache_entries WHERE cache_name = :cache_name AND url = :url RETURNING blob_id, expires",
    ) as Statement<[Key], Pick<EntryRow, "blob_id" | "expires">>,
  };
}
