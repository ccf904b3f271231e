/**
 * The one module that knows the SQLite driver, and the one way state files are opened and
 * written. Databases are opened synchronously in the thread that uses them (Durable Object
 * storage must be synchronous), in WAL mode, because a retiring generation and its successor (and
 * the `kindling d1` CLI) may hold the same file at once.
 *
 * Every write goes through `writeTransaction` (or `beginWrite` for a span that crosses awaits):
 * BEGIN IMMEDIATE takes the write lock before the first statement, so a busy file makes the write
 * wait (up to `busyTimeout`) instead of failing. A deferred transaction that reads first and then
 * writes cannot wait: SQLite refuses the upgrade at once with SQLITE_BUSY (another connection
 * holds the lock, so waiting could deadlock) or SQLITE_BUSY_SNAPSHOT (another connection committed
 * since the read), and never calls the busy handler. Nested calls become savepoints.
 */
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { lazyRequire } from "../shared/lazy-require.js";

/** Loaded when the first database opens: a worker without storage never loads the driver. */
const driver = lazyRequire<typeof BetterSqlite3>("better-sqlite3");

/** Loads the driver and its native addon now (a loaded worker's thread, before it hides `process`, which the addon's loader reads). */
export function loadDatabaseDriver(): void {
  new (driver())(":memory:").close();
}

export type Database = BetterSqlite3.Database;
export type Statement<P extends unknown[] | object = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** How long a write waits for another connection's write lock (or a reader for a WAL recovery). */
export const busyTimeout = 10_000;

/** Opens (creating if needed) `file` (tests may pass SQLite's ":memory:"). */
export function openDatabase(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  // The driver sets the busy timeout before anything touches the file: even switching a new
  // file to WAL, which needs a lock, waits for a concurrent opener.
  const db = new (driver())(file, { timeout: busyTimeout });
  db.pragma("journal_mode = WAL");
  // FULL: a write is acknowledged only once it is on disk (kill -9 loses nothing acknowledged).
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  return db;
}

/**
 * A database used only for its file lock (state-directory-lock.ts): no WAL, and no waiting, so
 * `BEGIN EXCLUSIVE` fails at once with SQLITE_BUSY while another process holds it.
 */
export function openLockDatabase(file: string): Database {
  const db = new (driver())(file, { timeout: 0 });
  try {
    // Nothing is ever written: no journal file beside it.
    db.pragma("journal_mode = MEMORY");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** Runs `fn` as one write transaction (a savepoint inside an open one): all of it applies, or none. */
export function writeTransaction<T>(db: Database, fn: () => T): T {
  const span = beginWrite(db);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    span.rollback();
    throw error;
  }
  if (result instanceof Promise) {
    span.rollback();
    throw new TypeError("Transaction function cannot return a promise");
  }
  span.commit();
  return result;
}

/** An open write transaction (or savepoint); exactly one of commit/rollback ends it. */
export interface WriteSpan {
  commit(): void;
  rollback(): void;
}

/** Opens a write transaction that stays open until ended, across awaits (Durable Object `storage.transaction`). */
export function beginWrite(db: Database): WriteSpan {
  const control = controlOf(db);
  if (db.inTransaction) {
    control.savepoint.run();
    return {
      commit: () => control.release.run(),
      rollback: () => {
        // A failed COMMIT or a constraint error may have ended the outer transaction already.
        if (!db.inTransaction) return;
        control.rollbackTo.run();
        control.release.run();
      },
    };
  }
  control.begin.run();
  return {
    commit: () => control.commit.run(),
    rollback: () => {
      if (db.inTransaction) control.rollback.run();
    },
  };
}

interface Control {
  begin: Statement;
  commit: Statement;
  rollback: Statement;
  savepoint: Statement;
  release: Statement;
  rollbackTo: Statement;
}

const controls = new WeakMap<Database, Control>();

function controlOf(db: Database): Control {
  let control = controls.get(db);
  if (!control) {
    control = {
      begin: db.prepare("BEGIN IMMEDIATE"),
      commit: db.prepare("COMMIT"),
      rollback: db.prepare("ROLLBACK"),
      savepoint: db.prepare('SAVEPOINT "kindling write"'),
      release: db.prepare('RELEASE "kindling write"'),
      rollbackTo: db.prepare('ROLLBACK TO "kindling write"'),
    };
    controls.set(db, control);
  }
  return control;
}
