/**
 * The one module that knows the SQLite driver. Databases are opened synchronously in the thread
 * that uses them (Durable Object storage must be synchronous), in WAL mode with a busy timeout,
 * because a retiring generation and its successor may hold the same file at once.
 */
import fs from "node:fs";
import path from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { lazyRequire } from "../shared/lazy-require.js";

/** Loaded when the first database opens: a worker without storage never loads the driver. */
const driver = lazyRequire<typeof BetterSqlite3>("better-sqlite3");

export type Database = BetterSqlite3.Database;
export type Statement<P extends unknown[] | object = unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** Opens (creating if needed) `file`, or an in-memory database when `file` is false. */
export function openDatabase(file: string | false): Database {
  if (file !== false) fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new (driver())(file === false ? ":memory:" : file);
  db.pragma("journal_mode = WAL");
  // FULL: a write is acknowledged only once it is on disk (kill -9 loses nothing acknowledged).
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
