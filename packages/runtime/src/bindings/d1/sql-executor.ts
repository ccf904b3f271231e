/**
 * Runs D1 queries synchronously on one SQLite database and reports them as D1's backend does:
 * rows and columns plus `meta`. Errors are `D1Failure`s carrying D1's message (without the
 * `D1_ERROR: ` prefix, which depends on the API that was called).
 */
import { writeTransaction, type Database, type Statement } from "../../storage/database.js";
import { assertAuthorized, databaseContext } from "../../storage/sql-authorizer.js";
import { hasTable } from "../../storage/table-columns.js";
import { createCfMetadataTable } from "../../storage/cf-metadata.js";
import { prepareLocatingErrors } from "../../storage/sqlite-error.js";
import { parameterSlots, splitSqlStatements, type ParameterSlot, type SqlStatement } from "../../storage/sql-scanner.js";
import {
  isTransactionKeyword,
  noStatements,
  parametersNotLast,
  sqliteErrorMessage,
  transactionStatement,
  wrongParameterCount,
  type D1Value,
} from "./validate.js";
import { Buffer } from "node:buffer";
import { performance } from "node:perf_hooks";

export interface D1Query {
  sql: string;
  params: readonly D1Value[];
}

export interface D1Meta {
  served_by: string;
  served_by_primary: boolean;
  timings: { sql_duration_ms: number };
  duration: number;
  changes: number;
  last_row_id: number;
  changed_db: boolean;
  size_after: number;
  rows_read: number;
  rows_written: number;
  total_attempts: number;
}

export interface D1RawResult {
  columns: string[];
  rows: D1Value[][];
  meta: D1Meta;
}

/** A query D1 refused; `message` is D1's text for it. */
export class D1Failure extends Error {
  override name = "D1Failure";
}

interface PreparedStatement {
  statement: Statement;
  slots: ParameterSlot[];
}

type Snapshot = [changes: number, rowId: number, size: number, schemaVersion: number];

const cacheLimit = 100;

interface Connection {
  db: Database;
  snapshot: Statement<[], unknown[]>;
  counters: Statement<[], unknown[]>;
  /** Whether the database has its `_cf_METADATA` table; undefined: look it up again (after a rollback). */
  hasMetadata: boolean | undefined;
}

export class SqlExecutor {
  readonly #open: () => Database;
  #connection: Connection | undefined;
  /** Single-statement queries, most recently used last. */
  readonly #cache = new Map<string, PreparedStatement>();
  /** Database size as of this connection's latest write (or opening). */
  #size = 0;

  /** `open` runs on first use, so a binding the worker never touches opens no file. */
  constructor(open: () => Database) {
    this.#open = open;
  }

  get #db(): Database {
    return this.#connect().db;
  }

  #connect(): Connection {
    if (this.#connection) return this.#connection;
    const db = this.#open();
    const snapshot = db
      .prepare<[], unknown[]>(
        "SELECT total_changes(), last_insert_rowid(), page_count * page_size, schema_version " +
          "FROM pragma_page_count(), pragma_page_size(), pragma_schema_version()",
      )
      .raw(true);
    const counters = db.prepare<[], unknown[]>("SELECT total_changes(), last_insert_rowid()").raw(true);
    this.#connection = { db, snapshot, counters, hasMetadata: undefined };
    this.#takeSnapshot();
    return this.#connection;
  }

  /** One query (possibly several statements; the values bind to the last one, whose rows are returned). */
  query({ sql, params }: D1Query): D1RawResult {
    const plan = this.#guard(() => this.#plan(sql));
    if (plan.single?.statement.readonly) {
      // Reads change nothing: skip the (comparatively costly) size and schema pragmas.
      const start = performance.now();
      const { columns, rows } = this.#guard(() => execute(plan.single!, params));
      const duration = performance.now() - start;
      const [, lastRowId] = this.#connect().counters.get() as [number, number];
      const result = { columns, rows, meta: meta(duration, 0, lastRowId, false, this.#size, rows.length) };
      if (!this.#hasMetadata()) this.transaction(() => this.#createMetadata());
      return result;
    }
    // One write transaction around the statements and both snapshots: the meta is this query's alone.
    return this.transaction(() => {
      const before = this.#takeSnapshot();
      const start = performance.now();
      const { columns, rows } = this.#guard(() =>
        plan.single ? execute(plan.single, params) : this.#runAll(plan.statements, params),
      );
      const duration = performance.now() - start;
      const after = this.#takeSnapshot();
      const changes = after[0] - before[0];
      const changed = changes > 0 || after[2] !== before[2] || after[3] !== before[3];
      // After the meta, as workerd's D1 writes its metadata after the query: size_after leaves it out.
      if (!this.#hasMetadata()) this.#createMetadata();
      return { columns, rows, meta: meta(duration, changes, after[1], changed, after[2], rows.length) };
    });
  }

  /** Several queries in one transaction: all of them apply, or none. */
  batch(queries: readonly D1Query[]): D1RawResult[] {
    if (queries.length === 0) throw new D1Failure(noStatements);
    return this.transaction(() => queries.map((query) => this.query(query)));
  }

  /** Runs `fn` in one write transaction (it waits while another connection, e.g. the CLI, writes). */
  transaction<T>(fn: () => T): T {
    try {
      return this.#guard(() => writeTransaction(this.#db, fn));
    } catch (error) {
      // The rollback may have taken a _cf_METADATA table created inside it along.
      if (this.#connection) this.#connection.hasMetadata = undefined;
      throw error;
    }
  }

  /** The database file's bytes. */
  dump(): ArrayBuffer {
    const bytes = this.#db.serialize();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  close(): void {
    this.#cache.clear();
    this.#connection?.db.close();
    this.#connection = undefined;
  }

  /** A cached single statement, or the statements of a script (which are prepared as they run). */
  #plan(sql: string): { single?: PreparedStatement; statements: SqlStatement[] } {
    const cached = this.#cache.get(sql);
    if (cached) {
      this.#cache.delete(sql);
      this.#cache.set(sql, cached);
      return { single: cached, statements: [] };
    }
    const statements = splitSqlStatements(sql);
    if (statements.length === 0) throw new D1Failure(noStatements);
    if (statements.some((s) => isTransactionKeyword(s.keyword))) throw new D1Failure(transactionStatement);
    if (statements.length > 1) {
      if (statements.slice(0, -1).some((s) => parameterSlots(s.text).length > 0)) throw new D1Failure(parametersNotLast);
      return { statements };
    }
    const prepared = this.#prepare(statements[0]!.text);
    this.#cache.set(sql, prepared);
    if (this.#cache.size > cacheLimit) this.#cache.delete(this.#cache.keys().next().value!);
    return { single: prepared, statements };
  }

  /** Later statements may use tables the earlier ones create: each is prepared when it runs. */
  #runAll(statements: SqlStatement[], params: readonly D1Value[]) {
    return this.transaction(() => {
      for (const { text } of statements.slice(0, -1)) execute(this.#prepare(text), []);
      return execute(this.#prepare(statements.at(-1)!.text), params);
    });
  }

  #prepare(text: string): PreparedStatement {
    const db = this.#db;
    assertAuthorized(text, databaseContext(db));
    const statement = prepareLocatingErrors(text, (sql) => db.prepare(sql));
    if (statement.reader) statement.raw(true);
    return { statement, slots: parameterSlots(text) };
  }

  #hasMetadata(): boolean {
    const connection = this.#connect();
    // A D1 database has it from its first successful query on, as workerd's D1 writes it then.
    connection.hasMetadata ??= hasTable(connection.db, "_cf_METADATA");
    return connection.hasMetadata;
  }

  #createMetadata(): void {
    this.#db.exec(createCfMetadataTable);
    this.#connect().hasMetadata = true;
    this.#takeSnapshot();
  }

  #takeSnapshot(): Snapshot {
    const snapshot = this.#connect().snapshot.get() as Snapshot;
    this.#size = snapshot[2];
    return snapshot;
  }

  #guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (!isDriverError(error)) throw error;
      throw new D1Failure(sqliteErrorMessage(error), { cause: error });
    }
  }
}

function execute({ statement, slots }: PreparedStatement, params: readonly D1Value[]) {
  if (params.length !== slots.length) throw new D1Failure(wrongParameterCount);
  const positional: unknown[] = [];
  let named: Record<string, unknown> | undefined;
  for (const slot of slots) {
    const value = toSqlite(params[slot.index - 1]!);
    if (slot.name === null) positional.push(value);
    else (named ??= {})[slot.name] = value;
  }
  const args = named ? [...positional, named] : positional;
  if (!statement.reader) {
    statement.run(...args);
    return { columns: [], rows: [] };
  }
  const rows = (statement.all(...args) as unknown[][]).map((row) => row.map(fromSqlite));
  return { columns: statement.columns().map((column) => column.name), rows };
}

function meta(duration: number, changes: number, lastRowId: number, changed: boolean, size: number, rowsRead: number): D1Meta {
  return {
    served_by: "kindling.db",
    served_by_primary: true,
    timings: { sql_duration_ms: duration },
    duration,
    changes,
    last_row_id: lastRowId,
    changed_db: changed,
    size_after: size,
    // SQLite's scan counters are not reachable through the driver: rows returned and rows changed.
    rows_read: rowsRead,
    rows_written: changes,
    total_attempts: 1,
  };
}

/** An error of SQLite or of the driver (not ours, not a D1Failure already). */
function isDriverError(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof TypeError) return true;
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string" && !(error instanceof D1Failure);
}

function toSqlite(value: D1Value): unknown {
  return Array.isArray(value) ? Buffer.from(value) : value;
}

/** D1 returns BLOBs as arrays of bytes. */
function fromSqlite(value: unknown): D1Value {
  return Buffer.isBuffer(value) ? Array.from(value) : (value as D1Value);
}
