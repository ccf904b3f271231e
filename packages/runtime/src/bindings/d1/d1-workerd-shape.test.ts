import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase } from "../../storage/database.js";
import { openD1Database, type D1Database } from "./index.js";

let dir: string;
let file: string;
const closers: Array<() => void> = [];

function open(): D1Database {
  const opened = openD1Database(file);
  closers.push(opened.close);
  return opened.database;
}

/** The tables of the file as another connection sees them, with their SQL. */
function tablesInFile(): Record<string, string> {
  const raw = openDatabase(file);
  try {
    const rows = raw.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    return Object.fromEntries(rows.map((row) => [row.name, row.sql]));
  } finally {
    raw.close();
  }
}

const messageOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: Error) => error.message,
  );

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-d1-shape-"));
  file = path.join(dir, "d1", "db.sqlite");
});

afterEach(() => {
  for (const close of closers.splice(0)) close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("_cf_METADATA", () => {
  test("the first successful query adds workerd's _cf_METADATA table, after the query's own meta", async () => {
    const db = open();
    await messageOf(db.prepare("SELEC 1").run());
    expect(tablesInFile()).toEqual({});
    const created = await db.prepare("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE)").run();
    expect(tablesInFile()).toEqual({
      _cf_METADATA: "CREATE TABLE _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)",
      items: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE)",
    });
    // As workerd's D1 measures it: the size before its metadata write, then with the table's page.
    expect(created.meta.size_after).toBe(3 * 4096);
    const inserted = await db.prepare("INSERT INTO items (name) VALUES ('a')").run();
    expect(inserted.meta.size_after).toBe(4 * 4096);
    expect((await db.prepare("PRAGMA table_list").all()).results.map((row) => row.name)).toContain("_cf_METADATA");
  });

  test("a read is a successful query too; a failed batch leaves no table behind", async () => {
    const db = open();
    await messageOf(db.batch([db.prepare("CREATE TABLE t (a)"), db.prepare("SELEC 1")]));
    expect(tablesInFile()).toEqual({});
    expect(await db.prepare("SELECT 1 AS one").first()).toEqual({ one: 1 });
    expect(Object.keys(tablesInFile())).toEqual(["_cf_METADATA"]);
  });

  test("a database written by an earlier Kindling keeps its data and gains the table", async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const old = openDatabase(file);
    old.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept')");
    old.close();
    const db = open();
    expect(await db.prepare("SELECT body FROM notes").all()).toMatchObject({ results: [{ body: "kept" }] });
    expect(Object.keys(tablesInFile())).toEqual(["_cf_METADATA", "notes"]);
  });

  test("user SQL cannot read, write, alter or drop it, as workerd's authorizer refuses", async () => {
    const db = open();
    await db.exec("CREATE TABLE t (a)");
    const messages = await Promise.all(
      [
        "SELECT * FROM _cf_METADATA",
        "SELECT value FROM _CF_metadata",
        "SELECT count(*) FROM _cf_METADATA",
        "INSERT INTO _cf_METADATA VALUES (3, 1)",
        "UPDATE _cf_METADATA SET value = 1 WHERE key = 2",
        "DELETE FROM _cf_METADATA",
        "DROP TABLE _cf_METADATA",
        "ALTER TABLE _cf_METADATA RENAME TO mine",
        "CREATE INDEX i ON _cf_METADATA (value)",
        "PRAGMA table_info(_cf_METADATA)",
        "INSERT INTO t SELECT value FROM _cf_METADATA",
        "DROP TABLE _cf_other",
      ].map((sql) => messageOf(db.prepare(sql).run()).then((message) => `${sql} -> ${message}`)),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "SELECT * FROM _cf_METADATA -> D1_ERROR: access to _cf_METADATA.key is prohibited: SQLITE_AUTH",
        "SELECT value FROM _CF_metadata -> D1_ERROR: access to _cf_METADATA.value is prohibited: SQLITE_AUTH",
        "SELECT count(*) FROM _cf_METADATA -> D1_ERROR: not authorized: SQLITE_AUTH",
        "INSERT INTO _cf_METADATA VALUES (3, 1) -> D1_ERROR: not authorized: SQLITE_AUTH",
        "UPDATE _cf_METADATA SET value = 1 WHERE key = 2 -> D1_ERROR: not authorized: SQLITE_AUTH",
        "DELETE FROM _cf_METADATA -> D1_ERROR: not authorized: SQLITE_AUTH",
        "DROP TABLE _cf_METADATA -> D1_ERROR: not authorized: SQLITE_AUTH",
        "ALTER TABLE _cf_METADATA RENAME TO mine -> D1_ERROR: not authorized: SQLITE_AUTH",
        "CREATE INDEX i ON _cf_METADATA (value) -> D1_ERROR: not authorized: SQLITE_AUTH",
        "PRAGMA table_info(_cf_METADATA) -> D1_ERROR: not authorized: SQLITE_AUTH",
        "INSERT INTO t SELECT value FROM _cf_METADATA -> D1_ERROR: access to _cf_METADATA.value is prohibited: SQLITE_AUTH",
        "DROP TABLE _cf_other -> D1_ERROR: no such table: _cf_other: SQLITE_ERROR",
      ]
    `);
    expect(Object.keys(tablesInFile())).toEqual(["_cf_METADATA", "t"]);
  });
});

describe("workerd's members beyond the documented API", () => {
  test("alwaysPrimarySession is the session behind the binding's own methods, without a bookmark", async () => {
    const db = open();
    const session = db.alwaysPrimarySession;
    expect(session.constructor.name).toBe("D1DatabaseSessionAlwaysPrimary");
    await session.exec("CREATE TABLE t (a)");
    await session.prepare("INSERT INTO t VALUES (?)").bind(1).run();
    expect(await db.prepare("SELECT a FROM t").first("a")).toBe(1);
    expect(session.getBookmark()).toBeNull();
    expect(Object.keys(db).toSorted()).toEqual(["alwaysPrimarySession", "fetcher"]);
  });

  test("query() refuses as workerd does without the experimental d1_binding_jsrpc flag", async () => {
    const db = open();
    expect(await messageOf(db.query({ queries: [{ sql: "SELECT 1" }] }))).toMatchInlineSnapshot(
      `"D1_ERROR: D1Database.query() requires the d1_binding_jsrpc compatibility flag. Enable d1_binding_jsrpc before calling query()."`,
    );
  });

  test("fetcher is a Fetcher whose internal D1 protocol is not implemented", () => {
    const fetcher = open().fetcher as { fetch(): unknown; query(): unknown };
    expect(Object.prototype.toString.call(fetcher)).toBe("[object Fetcher]");
    expect(() => fetcher.fetch()).toThrowErrorMatchingInlineSnapshot(
      `[Error: [kindling] D1Database.fetcher.fetch (D1's internal protocol) is not implemented yet in Kindling's local runtime. Please open an issue if your worker needs it.]`,
    );
    expect(() => fetcher.query()).toThrow(/D1Database.fetcher.query/);
  });
});
