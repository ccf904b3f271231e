/**
 * `D1Database` and `D1DatabaseSession` over one local SQLite database. There is no replica here,
 * so every session reads the primary; sessions still hand out bookmarks as D1 does.
 */
import { D1Failure, type SqlExecutor } from "./sql-executor.js";
import { D1PreparedStatement, toBatchQueries, toD1Result, type D1Result, type QueryRunner } from "./prepared-statement.js";
import { splitSqlStatements } from "../../storage/sql-scanner.js";
import { d1Error, noStatements } from "./validate.js";
import { createD1Fetcher } from "./d1-fetcher.js";

const firstPrimary = "first-primary";
const firstUnconstrained = "first-unconstrained";

export interface D1ExecResult {
  count: number;
  duration: number;
}

export class D1DatabaseSession {
  readonly #executor: SqlExecutor;
  #bookmarkOrConstraint: string;
  readonly #tracksBookmarks: boolean;

  /** @internal Created by `D1Database.withSession`. */
  constructor(executor: SqlExecutor, bookmarkOrConstraint: string, tracksBookmarks = true) {
    if (!bookmarkOrConstraint) throw new Error("D1_SESSION_ERROR: invalid bookmark or constraint");
    this.#executor = executor;
    this.#bookmarkOrConstraint = bookmarkOrConstraint;
    this.#tracksBookmarks = tracksBookmarks;
  }

  readonly #run: QueryRunner = async (query) => this.#call(() => this.#executor.query(query));

  prepare(query: string): D1PreparedStatement {
    return new D1PreparedStatement(this.#run, query);
  }

  async batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    // A non-array or a null element fails in toBatchQueries with the engine's own TypeError, as in
    // workerd (which reads each `statement` for its trace span); anything else is sent on to D1.
    return this.#call(() => this.#executor.batch(toBatchQueries(statements))).map((result) => toD1Result<T>(result));
  }

  /** The latest bookmark this session has seen; null until its first query (or for the primary-only session). */
  getBookmark(): string | null {
    if (!this.#tracksBookmarks) return null;
    const value = this.#bookmarkOrConstraint;
    return value === firstPrimary || value === firstUnconstrained ? null : value;
  }

  #call<T>(fn: () => T): T {
    let result: T;
    try {
      result = fn();
    } catch (error) {
      if (error instanceof D1Failure) throw d1Error(error.message);
      throw error;
    }
    if (!this.#tracksBookmarks) return result;
    const current = this.getBookmark();
    const next = nextBookmark();
    if (current === null || current.localeCompare(next) < 0) this.#bookmarkOrConstraint = next;
    return result;
  }
}

/**
 * The session behind `D1Database`'s own `prepare`/`batch`/`exec`/`dump` (workerd's
 * `D1DatabaseSessionAlwaysPrimary`): every query goes to the primary, and it keeps no bookmark.
 */
export class D1DatabaseSessionAlwaysPrimary extends D1DatabaseSession {
  readonly #executor: SqlExecutor;

  /** @internal Created by `D1Database`. */
  constructor(executor: SqlExecutor) {
    super(executor, firstPrimary, false);
    this.#executor = executor;
  }

  /**
   * Runs `query` line by line, as D1 does: every line is one query (several statements allowed),
   * a statement cannot span lines; no values can be bound.
   */
  async exec(query: string): Promise<D1ExecResult> {
    const lines = query.trim().split("\n");
    let count = 0;
    let duration = 0;
    try {
      this.#executor.transaction(() => {
        lines.forEach((line, index) => {
          if (splitSqlStatements(line).length === 0) return;
          try {
            duration += this.#executor.query({ sql: line, params: [] }).meta.duration;
            count++;
          } catch (error) {
            throw new ExecLineFailure(index + 1, line, (error as Error).message);
          }
        });
        if (count === 0) throw new ExecLineFailure(1, lines[0]!, noStatements);
      });
    } catch (error) {
      if (!(error instanceof ExecLineFailure)) throw error;
      const message = `Error in line ${error.line}: ${error.text}: ${error.message}`;
      // oxlint-disable-next-line preserve-caught-error -- D1's cause is the bare message, not our internal error
      throw new Error(`D1_EXEC_ERROR: ${message}`, { cause: new Error(message) });
    }
    return { count, duration };
  }

  /** @deprecated (as in D1) The SQLite database file's bytes. */
  async dump(): Promise<ArrayBuffer> {
    return this.#executor.dump();
  }
}

// workerd gates query() behind d1_binding_jsrpc, an experimental flag production does not accept.
const queryNeedsFlag =
  "D1Database.query() requires the d1_binding_jsrpc compatibility flag. Enable d1_binding_jsrpc before calling query().";

export class D1Database {
  get [Symbol.toStringTag](): string {
    return "D1Database";
  }

  readonly #executor: SqlExecutor;
  /** workerd's own members of its binding object (not in the documented API). */
  readonly alwaysPrimarySession: D1DatabaseSessionAlwaysPrimary;
  readonly fetcher: object;

  /** @internal Created by the binding registry (`createD1Binding`). */
  constructor(executor: SqlExecutor) {
    this.#executor = executor;
    this.alwaysPrimarySession = new D1DatabaseSessionAlwaysPrimary(executor);
    this.fetcher = createD1Fetcher();
  }

  prepare(query: string): D1PreparedStatement {
    return this.alwaysPrimarySession.prepare(query);
  }

  /** Runs the statements in one transaction: all apply, or none does and the promise rejects. */
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    return this.alwaysPrimarySession.batch<T>(statements);
  }

  /**
   * Runs `query` line by line, as D1 does: every line is one query (several statements allowed),
   * a statement cannot span lines; no values can be bound.
   */
  exec(query: string): Promise<D1ExecResult> {
    return this.alwaysPrimarySession.exec(query);
  }

  /** A session that starts from `constraintOrBookmark` ("first-primary", "first-unconstrained" or a bookmark). */
  withSession(constraintOrBookmark?: string): D1DatabaseSession {
    let value = constraintOrBookmark?.trim();
    if (value === undefined || value === "") value = firstUnconstrained;
    return new D1DatabaseSession(this.#executor, value);
  }

  /** workerd's raw query API; it refuses without the experimental `d1_binding_jsrpc` flag, which production never has. */
  async query(_request?: unknown): Promise<never> {
    throw new Error(`D1_ERROR: ${queryNeedsFlag}`);
  }

  /** @deprecated (as in D1) The SQLite database file's bytes. */
  dump(): Promise<ArrayBuffer> {
    return this.alwaysPrimarySession.dump();
  }
}

class ExecLineFailure extends Error {
  constructor(
    readonly line: number,
    readonly text: string,
    message: string,
  ) {
    super(message);
  }
}

let bookmarkSequence = 0;

/**
 * A bookmark in production's shape (`%08x-%08x-%08x-` and 32 hex digits). Bookmarks only have to
 * grow: the time in milliseconds first (so they grow across restarts), then a sequence. workerd's
 * local D1 counts instead, with a write to the database's `_cf_METADATA` row 2 after every request
 * (a stand-in that production does not use; it also leaves `meta.last_row_id` at 2 after a fresh
 * database's first query): no write per query here.
 */
function nextBookmark(): string {
  const hex = (value: number) => value.toString(16).padStart(8, "0");
  const time = Date.now();
  const sequence = bookmarkSequence++ % 0x1_0000_0000;
  return `${hex(Math.floor(time / 0x1_0000_0000))}-${hex(time % 0x1_0000_0000)}-${hex(sequence)}-${"0".repeat(32)}`;
}
