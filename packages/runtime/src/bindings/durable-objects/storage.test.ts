import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { openDatabase, type Database } from "../../storage/database.js";
import { DurableObjectStorage } from "./storage.js";

const open: Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function openStorage({ sqlite = true, file = ":memory:", deleteAllDeletesAlarm = false } = {}) {
  const db = openDatabase(file);
  open.push(db);
  const alarms: (number | null)[] = [];
  const storage = new DurableObjectStorage(db, {
    sqlite,
    onAlarmChange: (t) => alarms.push(t),
    hasAlarmHandler: () => true,
    deleteAllDeletesAlarm,
  });
  return { storage, alarms, db };
}

test("get/put/delete with single keys, arrays and objects; values by structured clone", async () => {
  const { storage } = openStorage();
  await storage.put("a", { date: new Date(5), map: new Map([[1, "x"]]) });
  const value = (await storage.get("a")) as { date: Date; map: Map<number, string> };
  expect(value.date).toEqual(new Date(5));
  expect(value.map.get(1)).toBe("x");
  await storage.put({ b: 2, c: 3 });
  expect(await storage.get(["c", "missing", "b"])).toEqual(
    new Map([
      ["b", 2],
      ["c", 3],
    ]),
  );
  expect(await storage.delete("b")).toBe(true);
  expect(await storage.delete("b")).toBe(false);
  expect(await storage.delete(["a", "c", "nope"])).toBe(2);
  expect(await storage.get("a")).toBeUndefined();
});

test("list honours start, startAfter, end, prefix, reverse and limit, in key order", async () => {
  const { storage } = openStorage();
  await storage.put(Object.fromEntries(["b", "a", "ab", "abc", "c", "d"].map((k) => [k, k])));
  const keys = async (options: object) => [...(await storage.list(options)).keys()];
  expect(await keys({})).toEqual(["a", "ab", "abc", "b", "c", "d"]);
  expect(await keys({ start: "ab", end: "c" })).toEqual(["ab", "abc", "b"]);
  expect(await keys({ startAfter: "ab" })).toEqual(["abc", "b", "c", "d"]);
  expect(await keys({ prefix: "ab" })).toEqual(["ab", "abc"]);
  expect(await keys({ reverse: true, limit: 2 })).toEqual(["d", "c"]);
});

test("transaction rolls back on rollback() and on a throw; transactionSync commits", async () => {
  const { storage } = openStorage();
  await storage.transaction(async (txn) => {
    await txn.put("x", 1);
    txn.rollback();
  });
  expect(await storage.get("x")).toBeUndefined();
  await expect(
    storage.transaction(async (txn) => {
      await txn.put("y", 1);
      throw new Error("boom");
    }),
  ).rejects.toThrow("boom");
  expect(await storage.get("y")).toBeUndefined();
  expect(storage.transactionSync(() => (storage.kv.put("z", 1), storage.kv.get("z")))).toBe(1);
  expect(await storage.get("z")).toBe(1);
});

test("storage.kv is synchronous and shares the KV API's data", async () => {
  const { storage } = openStorage();
  storage.kv.put("k", [1, 2]);
  expect(await storage.get("k")).toEqual([1, 2]);
  expect([...storage.kv.list({ prefix: "k" })]).toEqual([["k", [1, 2]]]);
  expect(storage.kv.delete("k")).toBe(true);
});

test("sql.exec returns a cursor with Cloudflare's semantics and error texts", () => {
  const { storage } = openStorage();
  const sql = storage.sql;
  const created = sql.exec(
    "CREATE TABLE t (a INTEGER, b TEXT, c BLOB); INSERT INTO t VALUES (1, 'one', x'0102'), (2, 'two', NULL)",
  );
  expect(created.toArray()).toEqual([]);
  const cursor = sql.exec("SELECT a, b FROM t ORDER BY a");
  expect(cursor.columnNames).toEqual(["a", "b"]);
  expect(cursor.next()).toEqual({ done: false, value: { a: 1, b: "one" } });
  expect([...cursor]).toEqual([{ a: 2, b: "two" }]);
  expect(cursor.rowsRead).toBe(2);
  expect([...sql.exec("SELECT a, b FROM t WHERE a = ?", 2).raw()]).toEqual([[2, "two"]]);
  expect(new Uint8Array(sql.exec("SELECT c FROM t WHERE a = 1").one().c as ArrayBuffer)).toEqual(new Uint8Array([1, 2]));
  expect(sql.exec("UPDATE t SET b = 'x'").rowsWritten).toBe(2);
  expect(() => sql.exec("SELECT * FROM t WHERE a > 100").one()).toThrowErrorMatchingInlineSnapshot(
    `[Error: Expected exactly one result from SQL query, but got no results.]`,
  );
  expect(() => sql.exec("SELECT * FROM t").one()).toThrowErrorMatchingInlineSnapshot(
    `[Error: Expected exactly one result from SQL query, but got multiple results.]`,
  );
  expect(sql.databaseSize).toBeGreaterThan(0);
});

/** A trigger body holds `;`s, and a CASE inside it has its own END: the shared splitter keeps it whole. */
const caseTrigger = `CREATE TABLE n (x INTEGER, sign TEXT);
CREATE TRIGGER n_sign AFTER INSERT ON n BEGIN
  UPDATE n SET sign = CASE WHEN new.x < 0 THEN 'neg' ELSE 'pos' END WHERE rowid = new.rowid;
END;
INSERT INTO n (x) VALUES (-1), (2)`;

test("sql.exec runs a trigger whose body contains CASE ... END as one statement", () => {
  const { storage } = openStorage();
  storage.sql.exec(caseTrigger);
  expect(storage.sql.exec("SELECT x, sign FROM n ORDER BY x").toArray()).toEqual([
    { x: -1, sign: "neg" },
    { x: 2, sign: "pos" },
  ]);
});

test("SQL and the KV API share one database; deleteAll clears both", async () => {
  const { storage } = openStorage();
  await storage.put("key", "value");
  storage.sql.exec("CREATE TABLE mine (x)");
  const tables = storage.sql
    .exec("PRAGMA table_list")
    .toArray()
    .map((row) => row.name);
  expect(tables).toEqual(expect.arrayContaining(["_cf_KV", "mine"]));
  // The KV API's table is there, and closed to SQL, as in workerd.
  expect(() => storage.sql.exec("SELECT key FROM _cf_KV")).toThrowErrorMatchingInlineSnapshot(
    `[Error: access to _cf_KV.key is prohibited: SQLITE_AUTH]`,
  );
  await storage.deleteAll();
  expect(await storage.list()).toEqual(new Map());
  expect(storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'mine'").toArray()).toEqual([]);
});

test("a key-value-backed class gets Cloudflare's errors for storage.sql and storage.kv", () => {
  const { storage } = openStorage({ sqlite: false });
  expect(() => storage.sql).toThrowErrorMatchingInlineSnapshot(
    `[Error: SQL is not enabled for this Durable Object class. To enable it, change \`new_classes\` to \`new_sqlite_classes\` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly,set \`enableSql = true\` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production.]`,
  );
  expect(() => storage.kv).toThrowErrorMatchingInlineSnapshot(
    `[Error: The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects, but this object's namespace is not declared to use SQLite. You can use the older, asyncronous interface via methods of \`storage\` itself (e.g. \`storage.get()\`). Alternatively, to enable SQLite, change \`new_classes\` to \`new_sqlite_classes\` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly, set \`enableSql = true\` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production.]`,
  );
});

test("put refuses undefined and what structured clone refuses; setAlarm takes a number or a valid Date", async () => {
  const { storage } = openStorage();
  await expect(storage.put("k", undefined)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: put() called with undefined value.]`,
  );
  const clone = await storage.put("k", () => {}).catch((error: unknown) => error);
  expect(clone).toBeInstanceOf(DOMException);
  expect(clone).toMatchObject({ name: "DataCloneError", message: "() => {} could not be cloned." });
  await expect(storage.setAlarm("x" as never)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.]`,
  );
  await expect(storage.setAlarm(Number.NaN)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The value cannot be converted because it is not a valid Date.]`,
  );
  await expect(storage.setAlarm(new Date(Number.NaN))).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The value cannot be converted because it is not a valid Date.]`,
  );
  await expect(storage.setAlarm(8_640_000_000_000_000)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: This API doesn't support dates after 2189.]`,
  );
  await expect(storage.setAlarm(-8_640_000_000_000_000)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: This API doesn't support dates before 1687.]`,
  );
});

test("alarms: setAlarm/getAlarm/deleteAlarm tell the host, and a rolled-back setAlarm is not stored", async () => {
  const { storage, alarms } = openStorage();
  await storage.setAlarm(new Date(1_000));
  expect(await storage.getAlarm()).toBe(1_000);
  await storage.transaction(async (txn) => {
    await txn.setAlarm(2_000);
    txn.rollback();
  });
  expect(await storage.getAlarm()).toBe(1_000);
  await storage.deleteAlarm();
  expect(await storage.getAlarm()).toBeNull();
  expect(alarms).toEqual([1_000, 2_000, null]);
});

test("data persists in the object's file across connections", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-do-"));
  dirs.push(dir);
  const file = path.join(dir, "do", "Counter", "id.sqlite");
  const first = openStorage({ file });
  await first.storage.put("n", 41);
  first.db.close();
  open.splice(open.indexOf(first.db), 1);
  expect(await openStorage({ file }).storage.get("n")).toBe(41);
});

test("sql.exec runs statements one by one: a failing one keeps the earlier ones' writes (as workerd does)", () => {
  const { storage } = openStorage();
  storage.sql.exec("CREATE TABLE t (a INTEGER PRIMARY KEY)");
  expect(() => storage.sql.exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)")).toThrow(/UNIQUE constraint failed/);
  expect(() => storage.sql.exec("INSERT INTO t VALUES (2); SELECT * FROM nope")).toThrow(/no such table: nope/);
  expect(storage.sql.exec("SELECT a FROM t ORDER BY a").toArray()).toEqual([{ a: 1 }, { a: 2 }]);
});

test("sql.exec refuses transaction statements with workerd's error; the JavaScript API is the way", () => {
  const { storage } = openStorage();
  const refusal = (query: string) => {
    try {
      storage.sql.exec(query);
    } catch (error) {
      return (error as Error).message;
    }
    return "accepted";
  };
  expect(refusal("BEGIN")).toMatchInlineSnapshot(
    `"To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing."`,
  );
  for (const query of ["begin transaction", "SAVEPOINT x", "SELECT 1; COMMIT", "/* c */ ROLLBACK", "RELEASE x", "END"]) {
    expect(refusal(query)).toBe(refusal("BEGIN"));
  }
  expect(refusal("SELECT 'BEGIN'")).toBe("accepted");
  storage.sql.exec("CREATE TABLE t (a INTEGER)");
  expect(refusal("INSERT INTO t VALUES (1); BEGIN")).toBe(refusal("BEGIN"));
  expect(storage.sql.exec("SELECT count(*) AS n FROM t").one()).toEqual({ n: 1 });
});

test("deleteAll deletes the alarm from compatibility date 2026-02-24 (delete_all_deletes_alarm), and keeps it before", async () => {
  for (const sqlite of [true, false]) {
    const before = openStorage({ sqlite });
    await before.storage.setAlarm(Date.now() + 60_000);
    const time = await before.storage.getAlarm();
    await before.storage.deleteAll();
    expect([await before.storage.getAlarm(), before.alarms]).toEqual([time, [time]]);

    const after = openStorage({ sqlite, deleteAllDeletesAlarm: true });
    await after.storage.put("k", 1);
    await after.storage.deleteAll();
    // No alarm set: nothing to tell the scheduler.
    expect(after.alarms).toEqual([]);
    await after.storage.setAlarm(time!);
    await after.storage.deleteAll();
    expect([await after.storage.getAlarm(), await after.storage.get("k"), after.alarms]).toEqual([null, undefined, [time, null]]);
  }
});
