/** `ctx.storage.sql` of SQLite-backed objects: the object's own database, shared with the KV API. */
import { writeTransaction, type Database, type Statement } from "../../storage/database.js";
import { splitSqlStatements } from "../../storage/sql-scanner.js";
import { Buffer } from "node:buffer";
import { assertAuthorized, databaseContext } from "../../storage/sql-authorizer.js";
import { prepareLocatingErrors, sqliteErrorText } from "../../storage/sqlite-error.js";

/** workerd's SqlStorage::allowTransactions(): transactions go through the JavaScript API. */
const transactionStatement =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs " +
  "instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will " +
  "automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic " +
  "write coalescing.";
const transactionKeyword = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i;

export type SqlStorageValue = ArrayBuffer | string | number | null;

export class SqlStorage {
  get [Symbol.toStringTag](): string {
    return "SqlStorage";
  }

  #db: Database;
  /** Throws once the instance is released. */
  #check: () => void;

  constructor(db: Database, check: () => void = () => {}) {
    this.#db = db;
    this.#check = check;
  }

  /** workerd's nested classes: `sql.Cursor` is the class of `exec()`'s cursors, `sql.Statement` that of prepared statements. */
  get Cursor(): typeof Cursor {
    return Cursor;
  }

  get Statement(): typeof SqlStorageStatement {
    return SqlStorageStatement;
  }

  /** Runs `query` (several `;`-separated statements allowed; the cursor is the last one's). */
  exec<T extends Record<string, SqlStorageValue>>(query: string, ...bindings: unknown[]): Cursor<T> {
    this.#check();
    const params = bindings.map(toSqlite);
    try {
      return this.#exec<T>(String(query), params);
    } catch (error) {
      // workerd words SQLite's errors as plain Errors: "<message>: <code>".
      const text = error instanceof Error ? sqliteErrorText(error) : undefined;
      if (text === undefined) throw error;
      throw new Error(text, { cause: error });
    }
  }

  #exec<T extends Record<string, SqlStorageValue>>(query: string, params: unknown[]): Cursor<T> {
    const statements = splitSqlStatements(query).map((statement) => statement.text);
    if (statements.length === 0) return new Cursor<T>([], [], 0);
    // One by one, each atomic on its own, as in production: a failing one keeps the earlier ones' writes.
    for (const text of statements.slice(0, -1)) this.#run(this.#prepare(text), []);
    const statement = this.#prepare(statements.at(-1)!);
    if (!statement.reader) return new Cursor<T>([], [], this.#run(statement, params));
    const rows = statement.raw(true).all(...params) as unknown[][];
    const columns = statement.columns().map((column) => column.name);
    return new Cursor<T>(
      columns,
      rows.map((row) => row.map(fromSqlite)),
      0,
    );
  }

  #prepare(text: string): Statement {
    if (transactionKeyword.test(text)) throw new Error(transactionStatement);
    assertAuthorized(text, databaseContext(this.#db));
    return prepareLocatingErrors(text, (sql) => this.#db.prepare(sql));
  }

  /** Runs a statement that returns no rows; writes go through a write transaction. Returns the rows changed. */
  #run(statement: Statement, params: unknown[]): number {
    if (statement.readonly) return statement.run(...params).changes;
    return writeTransaction(this.#db, () => statement.run(...params).changes);
  }

  /** Bytes used by the database file (pages in use times page size). */
  get databaseSize(): number {
    this.#check();
    const pages = this.#db.pragma("page_count", { simple: true }) as number;
    const size = this.#db.pragma("page_size", { simple: true }) as number;
    return pages * size;
  }
}

/** workerd's `SqlStorageStatement`, the class `sql.Statement` names; user code cannot construct one. */
export class SqlStorageStatement {
  constructor() {
    throw new TypeError("Illegal constructor");
  }

  get [Symbol.toStringTag](): string {
    return "SqlStorageStatement";
  }
}

/**
 * Rows are read when the query runs (a lazy cursor would hold the connection busy). `rowsRead`
 * counts rows returned and `rowsWritten` rows changed: SQLite's own scan counters are not
 * exposed by the driver, so these are lower bounds of production's billing figures. workerd names
 * the class behind `SqlStorageCursor` `Cursor`.
 */
export class Cursor<T extends Record<string, SqlStorageValue>> implements IterableIterator<T> {
  get [Symbol.toStringTag](): string {
    return "Cursor";
  }

  readonly columnNames: string[];
  readonly rowsWritten: number;
  #rows: SqlStorageValue[][];
  #index = 0;

  constructor(columns: string[], rows: SqlStorageValue[][], rowsWritten: number) {
    this.columnNames = columns;
    this.#rows = rows;
    this.rowsWritten = rowsWritten;
  }

  get rowsRead(): number {
    return this.#rows.length;
  }

  next(): IteratorResult<T> {
    const row = this.#nextRaw();
    return row ? { done: false, value: this.#toObject(row) } : { done: true, value: undefined };
  }

  toArray(): T[] {
    return [...this];
  }

  one(): T {
    const row = this.#nextRaw();
    if (!row) throw new Error("Expected exactly one result from SQL query, but got no results.");
    if (this.#index < this.#rows.length) {
      this.#index = this.#rows.length;
      throw new Error("Expected exactly one result from SQL query, but got multiple results.");
    }
    return this.#toObject(row);
  }

  *raw<U extends SqlStorageValue[]>(): IterableIterator<U> {
    for (let row = this.#nextRaw(); row; row = this.#nextRaw()) yield row as U;
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }

  #nextRaw(): SqlStorageValue[] | undefined {
    return this.#index < this.#rows.length ? this.#rows[this.#index++] : undefined;
  }

  #toObject(row: SqlStorageValue[]): T {
    const out: Record<string, SqlStorageValue> = {};
    this.columnNames.forEach((name, i) => (out[name] = row[i]!));
    return out as T;
  }
}

/**
 * workerd binds a blob, a string, a number or null; anything else becomes its string form
 * (`true` → "true"), and a BigInt fails as a conversion to a number does.
 */
function toSqlite(value: unknown): unknown {
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (value === undefined || value === null) return null;
  if (typeof value === "bigint") throw new TypeError("Cannot convert a BigInt value to a number");
  if (typeof value === "number" || typeof value === "string") return value;
  return String(value);
}

function fromSqlite(value: unknown): SqlStorageValue {
  if (Buffer.isBuffer(value)) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  if (typeof value === "bigint") return Number(value);
  return value as SqlStorageValue;
}

export { Cursor as SqlStorageCursor };

/** workerd's prepared-statement class (its `sql.prepare()` is no longer exposed); only the runtime makes one. */
const Statement = {
  Statement: function () {
    throw new TypeError("Illegal constructor");
  },
}.Statement;

// workerd shows its cursor and statement classes as members of SqlStorage.
for (const [key, value] of Object.entries({ Cursor, Statement })) {
  Object.defineProperty(SqlStorage.prototype, key, { value, writable: true, configurable: true });
}
