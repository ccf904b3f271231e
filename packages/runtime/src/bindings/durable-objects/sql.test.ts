import { afterEach, expect, test } from "vitest";
import { openDatabase, type Database } from "../../storage/database.js";
import { SqlStorage } from "./sql.js";

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function sql(): SqlStorage {
  const db = openDatabase(":memory:");
  open.push(db);
  db.exec("CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB)");
  const storage = new SqlStorage(db);
  storage.exec("CREATE TABLE t (a, b); CREATE INDEX i ON t (a)");
  return storage;
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return "no error";
};

test("the PRAGMAs workerd allows run; the others, ATTACH, TEMP objects and _cf_ tables are refused as workerd refuses them", () => {
  const storage = sql();
  expect(
    storage
      .exec("PRAGMA table_info(t)")
      .toArray()
      .map((row) => row.name),
  ).toEqual(["a", "b"]);
  expect(
    storage
      .exec("PRAGMA main.index_list(t)")
      .toArray()
      .map((row) => row.name),
  ).toEqual(["i"]);
  expect(storage.exec("PRAGMA foreign_keys = ON").toArray()).toEqual([]);
  expect(storage.exec("CREATE VIRTUAL TABLE f USING fts5(body)").toArray()).toEqual([]);
  expect(
    [
      "PRAGMA journal_mode",
      "PRAGMA user_version = 5",
      "PRAGMA temp.table_list",
      "ATTACH DATABASE ':memory:' AS x",
      "CREATE TEMP TABLE tt (a)",
      "CREATE TABLE _cf_mine (a)",
      "SELECT value, key FROM _cf_KV",
      "SELECT 1 AS one, sqlite_version() AS v",
      "SELECT load_extension('x')",
      "SELEC 1",
      "BEGIN",
    ].map((query) => `${query} -> ${errorOf(() => storage.exec(query))}`),
  ).toMatchInlineSnapshot(`
    [
      "PRAGMA journal_mode -> Error: not authorized: SQLITE_AUTH",
      "PRAGMA user_version = 5 -> Error: not authorized: SQLITE_AUTH",
      "PRAGMA temp.table_list -> Error: not authorized: SQLITE_AUTH",
      "ATTACH DATABASE ':memory:' AS x -> Error: not authorized: SQLITE_AUTH",
      "CREATE TEMP TABLE tt (a) -> Error: not authorized: SQLITE_AUTH",
      "CREATE TABLE _cf_mine (a) -> Error: not authorized: SQLITE_AUTH",
      "SELECT value, key FROM _cf_KV -> Error: access to _cf_KV.value is prohibited: SQLITE_AUTH",
      "SELECT 1 AS one, sqlite_version() AS v -> Error: not authorized to use function: sqlite_version at offset 17: SQLITE_ERROR",
      "SELECT load_extension('x') -> Error: not authorized: SQLITE_ERROR",
      "SELEC 1 -> Error: near "SELEC": syntax error at offset 0: SQLITE_ERROR",
      "BEGIN -> Error: To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.",
    ]
  `);
});

test("SQLite's errors carry the result code and the extended code, as plain Errors", () => {
  const storage = sql();
  storage.exec("CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  storage.exec("INSERT INTO u (name) VALUES ('a')");
  expect(errorOf(() => storage.exec("INSERT INTO u (name) VALUES ('a')"))).toMatchInlineSnapshot(
    `"Error: UNIQUE constraint failed: u.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)"`,
  );
  expect(errorOf(() => storage.exec("INSERT INTO u (name) VALUES (NULL)"))).toMatchInlineSnapshot(
    `"Error: NOT NULL constraint failed: u.name: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)"`,
  );
});

test("bindings: numbers, strings, blobs and null as they are, other values as strings, BigInt refused", () => {
  const storage = sql();
  const value = (binding: unknown) => storage.exec("SELECT ? AS v", binding).one().v;
  expect([value(1.5), value("s"), value(null), value(true), value({ a: 1 })]).toEqual([
    1.5,
    "s",
    null,
    "true",
    "[object Object]",
  ]);
  expect(value(new Uint8Array([1, 2]))).toBeInstanceOf(ArrayBuffer);
  expect(errorOf(() => value(1n))).toMatchInlineSnapshot(`"TypeError: Cannot convert a BigInt value to a number"`);
});

test("SqlStorage shows workerd's Cursor and Statement classes as members; only the runtime makes a Statement", () => {
  const storage = sql() as SqlStorage & { Cursor: Function; Statement: new () => unknown };
  expect(storage.exec("SELECT 1").constructor).toBe(storage.Cursor);
  expect(errorOf(() => new storage.Statement())).toBe("TypeError: Illegal constructor");
  expect(Reflect.ownKeys(SqlStorage.prototype).map(String).toSorted()).toEqual([
    "Cursor",
    "Statement",
    "Symbol(Symbol.toStringTag)",
    "constructor",
    "databaseSize",
    "exec",
  ]);
});

test("a view or trigger reading a _cf_ table is created, and refused where it is used, as workerd does", () => {
  const storage = sql();
  storage.exec("CREATE TABLE mine (a)");
  const results = [
    "CREATE VIEW v AS SELECT key FROM _cf_KV",
    "SELECT * FROM v",
    "CREATE VIEW v2 AS SELECT * FROM _cf_KV",
    "SELECT count(*) AS n FROM v2",
    "CREATE VIEW v3 AS SELECT count(*) AS n FROM _cf_KV",
    "SELECT n FROM v3",
    "CREATE VIEW v4 AS SELECT * FROM v",
    "SELECT * FROM v4",
    "CREATE TRIGGER tr AFTER INSERT ON mine BEGIN DELETE FROM _cf_KV; END",
    "INSERT INTO mine VALUES (1)",
    "CREATE TRIGGER tr2 AFTER UPDATE ON mine BEGIN SELECT key FROM _cf_KV; END",
    "UPDATE mine SET a = 2",
    "DELETE FROM mine",
    "CREATE TRIGGER tr3 AFTER INSERT ON _cf_KV BEGIN SELECT 1; END",
    "DROP VIEW v",
  ].map((query) => `${query} -> ${errorOf(() => storage.exec(query).toArray())}`);
  expect(results).toMatchInlineSnapshot(`
    [
      "CREATE VIEW v AS SELECT key FROM _cf_KV -> no error",
      "SELECT * FROM v -> Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
      "CREATE VIEW v2 AS SELECT * FROM _cf_KV -> no error",
      "SELECT count(*) AS n FROM v2 -> Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
      "CREATE VIEW v3 AS SELECT count(*) AS n FROM _cf_KV -> no error",
      "SELECT n FROM v3 -> Error: not authorized: SQLITE_AUTH",
      "CREATE VIEW v4 AS SELECT * FROM v -> no error",
      "SELECT * FROM v4 -> Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
      "CREATE TRIGGER tr AFTER INSERT ON mine BEGIN DELETE FROM _cf_KV; END -> no error",
      "INSERT INTO mine VALUES (1) -> Error: not authorized: SQLITE_AUTH",
      "CREATE TRIGGER tr2 AFTER UPDATE ON mine BEGIN SELECT key FROM _cf_KV; END -> no error",
      "UPDATE mine SET a = 2 -> Error: access to _cf_KV.key is prohibited: SQLITE_AUTH",
      "DELETE FROM mine -> no error",
      "CREATE TRIGGER tr3 AFTER INSERT ON _cf_KV BEGIN SELECT 1; END -> Error: not authorized: SQLITE_AUTH",
      "DROP VIEW v -> no error",
    ]
  `);
  expect(storage.exec("SELECT count(*) AS n FROM mine").one()).toEqual({ n: 0 });
});
