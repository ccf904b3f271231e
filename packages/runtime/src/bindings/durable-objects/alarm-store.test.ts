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

function objectFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-alarm-"));
  dirs.push(dir);
  return path.join(dir, "object.sqlite");
}

function openStorage(file: string) {
  const db = openDatabase(file);
  open.push(db);
  return new DurableObjectStorage(db, { sqlite: true, onAlarmChange: () => {}, hasAlarmHandler: () => true });
}

/** What another connection sees in the file: its tables, and _cf_METADATA's rows with the values' SQLite types. */
function inFile(file: string) {
  const db = openDatabase(file);
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((row) => row.name);
    const metadata = tables.includes("_cf_METADATA")
      ? db.prepare("SELECT key, value, typeof(value) AS type FROM _cf_METADATA ORDER BY key").safeIntegers(true).all()
      : undefined;
    return { tables, metadata };
  } finally {
    db.close();
  }
}

test("the alarm lives where workerd keeps it: _cf_METADATA row 1, in nanoseconds, NULL once deleted", async () => {
  const file = objectFile();
  const storage = openStorage(file);
  await storage.put("k", 1);
  await storage.deleteAlarm();
  expect(inFile(file)).toEqual({ tables: ["_cf_KV"], metadata: undefined });
  await storage.setAlarm(1_764_633_600_123.9);
  expect(await storage.getAlarm()).toBe(1_764_633_600_123);
  expect(inFile(file)).toEqual({
    tables: ["_cf_KV", "_cf_METADATA"],
    metadata: [{ key: 1n, value: 1_764_633_600_123_000_000n, type: "integer" }],
  });
  await storage.deleteAlarm();
  expect(await storage.getAlarm()).toBeNull();
  expect(inFile(file).metadata).toEqual([{ key: 1n, value: null, type: "null" }]);
});

test("a rolled-back first setAlarm leaves no table, and getAlarm still answers null", async () => {
  const file = objectFile();
  const storage = openStorage(file);
  await storage.transaction(async (txn) => {
    await txn.setAlarm(5_000);
    txn.rollback();
  });
  expect(await storage.getAlarm()).toBeNull();
  expect(inFile(file).tables).toEqual([]);
});

test("an alarm stored by an earlier Kindling in _cf_ALARM moves to _cf_METADATA and still stands", async () => {
  const file = objectFile();
  const old = openDatabase(file);
  old.exec(`CREATE TABLE _cf_ALARM (id INTEGER PRIMARY KEY CHECK (id = 0), time INTEGER NOT NULL);
    INSERT INTO _cf_ALARM VALUES (0, 1764633600123);
    CREATE TABLE mine (a); INSERT INTO mine VALUES (1)`);
  old.close();
  const storage = openStorage(file);
  expect(await storage.getAlarm()).toBe(1_764_633_600_123);
  expect(inFile(file)).toEqual({
    tables: ["_cf_METADATA", "mine"],
    metadata: [{ key: 1n, value: 1_764_633_600_123_000_000n, type: "integer" }],
  });
  expect(storage.sql.exec("SELECT a FROM mine").toArray()).toEqual([{ a: 1 }]);
});

test("an earlier Kindling's object without an alarm just loses its empty _cf_ALARM table", async () => {
  const file = objectFile();
  const old = openDatabase(file);
  old.exec("CREATE TABLE _cf_ALARM (id INTEGER PRIMARY KEY CHECK (id = 0), time INTEGER NOT NULL)");
  old.close();
  const storage = openStorage(file);
  expect(await storage.getAlarm()).toBeNull();
  expect(inFile(file)).toEqual({ tables: [], metadata: undefined });
});

test("user SQL sees the table in PRAGMA table_list and cannot touch it", async () => {
  const storage = openStorage(objectFile());
  await storage.setAlarm(1_000);
  expect(
    storage.sql
      .exec("PRAGMA table_list")
      .toArray()
      .map((row) => row.name),
  ).toContain("_cf_METADATA");
  expect(() => storage.sql.exec("SELECT * FROM _cf_METADATA")).toThrowErrorMatchingInlineSnapshot(
    `[Error: access to _cf_METADATA.key is prohibited: SQLITE_AUTH]`,
  );
  expect(() => storage.sql.exec("DELETE FROM _cf_METADATA")).toThrowErrorMatchingInlineSnapshot(
    `[Error: not authorized: SQLITE_AUTH]`,
  );
  expect(await storage.getAlarm()).toBe(1_000);
});

test("_cf_KV appears as workerd creates it: at the first put or delete, never for a read, gone with a rolled-back write", async () => {
  const file = objectFile();
  const storage = openStorage(file);
  expect([await storage.get("a"), [...(await storage.list())], storage.kv.get("a")]).toEqual([undefined, [], undefined]);
  await storage.deleteAll();
  expect(inFile(file).tables).toEqual([]);
  expect(() =>
    storage.transactionSync(() => {
      storage.kv.put("a", 1);
      throw new Error("undo");
    }),
  ).toThrow("undo");
  expect([inFile(file).tables, storage.kv.get("a"), [...storage.kv.list()]]).toEqual([[], undefined, []]);
  expect(await storage.delete("a")).toBe(false);
  const schema = openDatabase(file);
  open.push(schema);
  expect(schema.prepare("SELECT sql FROM sqlite_master WHERE name = '_cf_KV'").pluck().get()).toMatchInlineSnapshot(`
    "CREATE TABLE _cf_KV (
            key TEXT PRIMARY KEY,
            value BLOB
          ) WITHOUT ROWID"
  `);
  await storage.put("b", 2);
  expect(await storage.get("b")).toBe(2);
});

test("an object stored by an earlier Kindling (its _cf_KV made at start) keeps its entries", async () => {
  const file = objectFile();
  const old = openDatabase(file);
  old.exec("CREATE TABLE _cf_KV (key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID");
  old.close();
  const first = openStorage(file);
  await first.put("k", { n: 1 });
  const storage = openStorage(file);
  expect([await storage.get("k"), [...(await storage.list())]]).toEqual([{ n: 1 }, [["k", { n: 1 }]]]);
});
