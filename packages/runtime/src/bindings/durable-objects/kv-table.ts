/** The KV API's table inside an object's SQLite database, shared by `storage` and `storage.kv`. */
import { deserialize, serialize } from "node:v8";
import { writeTransaction, type Database, type Statement } from "../../storage/database.js";
import { hasTable } from "../../storage/table-columns.js";

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
// workerd's own statement (src/workerd/util/sqlite-kv.c++), so sqlite_master shows its text.
const createTable = `CREATE TABLE IF NOT EXISTS ${TABLE} (
        key TEXT PRIMARY KEY,
        value BLOB
      ) WITHOUT ROWID;`;

interface Statements {
  get: Statement<[string], { value: Buffer }>;
  put: Statement<[string, Buffer]>;
  delete: Statement<[string]>;
}

/**
 * As workerd's: the table is created by the first `put` or `delete` (in the write's transaction,
 * so a rollback takes it along), never by a read; until then reads find nothing.
 */
export class KvTable {
  #db: Database;
  #statements: Statements | undefined;

  /** Throws once the instance is released. */
  #check: () => void;

  constructor(db: Database, check: () => void = () => {}) {
    this.#db = db;
    this.#check = check;
  }

  get(key: string): unknown {
    this.#check();
    const row = this.#read((statements) => statements.get.get(key));
    return row ? deserialize(row.value) : undefined;
  }

  /** Values are stored by structured clone (V8's serializer), like production. */
  put(key: string, value: unknown): void {
    this.#check();
    const bytes = serializeValue(value);
    writeTransaction(this.#db, () => this.#write((statements) => statements.put.run(key, bytes)));
  }

  delete(key: string): boolean {
    this.#check();
    return writeTransaction(this.#db, () => this.#write((statements) => statements.delete.run(key).changes > 0));
  }

  deleteAll(): void {
    this.#check();
    if (this.#read(() => true)) writeTransaction(this.#db, () => this.#db.exec(`DELETE FROM ${TABLE}`));
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
    const rows = this.#read(() => this.#db.prepare<[Record<string, unknown>], { key: string; value: Buffer }>(sql).all(params));
    for (const row of rows ?? []) yield [row.key, deserialize(row.value)];
  }

  /** `read` on the table, or undefined while it does not exist (never created, or rolled back). */
  #read<T>(read: (statements: Statements) => T): T | undefined {
    const statements = this.#statements ?? (this.#tableExists() ? this.#prepare() : undefined);
    if (statements === undefined) return undefined;
    try {
      return read(statements);
    } catch (error) {
      if (this.#tableExists()) throw error;
      this.#statements = undefined;
      return undefined;
    }
  }

  /** `write` on the table, created first if it is missing (inside the caller's write transaction). */
  #write<T>(write: (statements: Statements) => T): T {
    const statements = this.#statements;
    if (statements !== undefined) {
      try {
        return write(statements);
      } catch (error) {
        if (this.#tableExists()) throw error;
      }
    }
    this.#db.exec(createTable);
    return write(this.#prepare());
  }

  #tableExists(): boolean {
    return hasTable(this.#db, TABLE);
  }

  #prepare(): Statements {
    return (this.#statements = {
      get: this.#db.prepare(`SELECT value FROM ${TABLE} WHERE key = ?`),
      put: this.#db.prepare(`INSERT OR REPLACE INTO ${TABLE} (key, value) VALUES (?, ?)`),
      delete: this.#db.prepare(`DELETE FROM ${TABLE} WHERE key = ?`),
    });
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
