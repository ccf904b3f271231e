/** The KV API's table inside an object's SQLite database, shared by `storage` and `storage.kv`. */
import { deserialize, serialize } from "node:v8";
import { writeTransaction, type Database } from "../../storage/database.js";

export interface ListOptions {
  start?: string;
  startAfter?: string;
  end?: string;
  prefix?: string;
  reverse?: boolean;
  limit?: number;
}

/** Production's name for the KV API's table in SQLite-backed objects. */
const TABLE = "_cf_KV";

export class KvTable {
  #db: Database;
  #get;
  #put;
  #delete;

  /** Throws once the instance is released. */
  #check: () => void;

  constructor(db: Database, check: () => void = () => {}) {
    this.#db = db;
    this.#check = check;
    writeTransaction(db, () => db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID`));
    this.#get = db.prepare<[string], { value: Buffer }>(`SELECT value FROM ${TABLE} WHERE key = ?`);
    this.#put = db.prepare<[string, Buffer]>(`INSERT OR REPLACE INTO ${TABLE} (key, value) VALUES (?, ?)`);
    this.#delete = db.prepare<[string]>(`DELETE FROM ${TABLE} WHERE key = ?`);
  }

  get(key: string): unknown {
    this.#check();
    const row = this.#get.get(key);
    return row ? deserialize(row.value) : undefined;
  }

  /** Values are stored by structured clone (V8's serializer), like production. */
  put(key: string, value: unknown): void {
    this.#check();
    const bytes = serializeValue(value);
    writeTransaction(this.#db, () => this.#put.run(key, bytes));
  }

  delete(key: string): boolean {
    this.#check();
    return writeTransaction(this.#db, () => this.#delete.run(key).changes > 0);
  }

  deleteAll(): void {
    this.#check();
    writeTransaction(this.#db, () => this.#db.exec(`DELETE FROM ${TABLE}`));
  }

  /** Entries in key order (UTF-8 byte order, SQLite's BINARY collation). */
  *list(options: ListOptions = {}): Generator<[string, unknown]> {
    this.#check();
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    const bounds = [
      ["start", "key >= :start"],
      ["startAfter", "key > :startAfter"],
      ["end", "key < :end"],
    ] as const;
    for (const [option, condition] of bounds) {
      if (options[option] === undefined) continue;
      where.push(condition);
      params[option] = String(options[option]);
    }
    if (options.prefix !== undefined && options.prefix !== "") {
      where.push("substr(key, 1, length(:prefix)) = :prefix");
      params.prefix = String(options.prefix);
    }
    let sql = `SELECT key, value FROM ${TABLE}`;
    if (where.length) sql += ` WHERE ${where.join(" AND ")}`;
    sql += ` ORDER BY key ${options.reverse ? "DESC" : "ASC"}`;
    if (options.limit !== undefined) {
      sql += " LIMIT :limit";
      params.limit = options.limit;
    }
    const rows = this.#db.prepare<[Record<string, unknown>], { key: string; value: Buffer }>(sql).all(params);
    for (const row of rows) yield [row.key, deserialize(row.value)];
  }
}

/** V8's serializer fails with a plain Error; structured clone's failure is a DataCloneError. */
function serializeValue(value: unknown): Buffer {
  try {
    return serialize(value);
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(" could not be cloned.")) {
      throw new DOMException(error.message, "DataCloneError");
    }
    throw error;
  }
}
