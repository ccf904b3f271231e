/**
 * Probes that run inside a Durable Object (not a probe group of their own: the objects of the
 * bindings fixture run them when `durable-objects.js` asks over RPC). Each gets the object's
 * `ctx` and returns plain data.
 */
import { allKeys, className } from "../harness/describe.js";

/** Cursor facts that do not depend on timing. */
function cursorShape(cursor) {
  return {
    class: className(cursor),
    columnNames: cursor.columnNames,
    rows: cursor.toArray(),
    rowsRead: cursor.rowsRead,
    rowsWritten: cursor.rowsWritten,
  };
}

export const sqlObjectProbes = {
  "ctx keys": (ctx) => allKeys(ctx),
  "ctx class": (ctx) => className(ctx),
  "ctx.id class and name": (ctx) => ({ class: className(ctx.id), name: ctx.id.name }),
  "storage class": (ctx) => className(ctx.storage),
  "storage keys": (ctx) => allKeys(ctx.storage),
  "storage.put then get": async (ctx) => (
    await ctx.storage.put("k", { a: new Map([[1, 2]]) }),
    className((await ctx.storage.get("k")).a)
  ),
  "storage.get missing": (ctx) => ctx.storage.get("missing"),
  "storage.get([...])": async (ctx) => {
    const map = await ctx.storage.get(["k", "missing"]);
    return [className(map), [...map.keys()]];
  },
  "storage.put(entries)": (ctx) => ctx.storage.put({ a: 1, b: 2, c: 3 }),
  "storage.list()": async (ctx) => [...(await ctx.storage.list())].map(([key]) => key),
  "storage.list({ start, end, reverse, limit })": async (ctx) => [
    ...(await ctx.storage.list({ start: "a", end: "c", reverse: true, limit: 1 })),
  ],
  "storage.list({ prefix })": async (ctx) => [...(await ctx.storage.list({ prefix: "b" }))],
  "storage.delete one": (ctx) => ctx.storage.delete("a"),
  "storage.delete missing": (ctx) => ctx.storage.delete("missing"),
  "storage.delete many": (ctx) => ctx.storage.delete(["b", "missing"]),
  "storage.put undefined": (ctx) => ctx.storage.put("u", undefined),
  "storage.put a function": (ctx) => ctx.storage.put("f", () => {}),
  "storage.put with an empty key": (ctx) => ctx.storage.put("", 1),
  "storage.put with a 2049-byte key": (ctx) => ctx.storage.put("k".repeat(2049), 1),
  "storage.put of 129 entries": (ctx) => ctx.storage.put(Object.fromEntries(Array.from({ length: 129 }, (_, i) => [`p${i}`, i]))),
  "storage.transaction rollback": async (ctx) => {
    await ctx.storage.transaction(async (txn) => {
      await txn.put("t", 1);
      txn.rollback();
    });
    return await ctx.storage.get("t");
  },
  "storage.transaction throws": async (ctx) => {
    const error = await ctx.storage
      .transaction(async (txn) => {
        await txn.put("t2", 1);
        throw new Error("abort txn");
      })
      .catch((e) => e.message);
    return { error, value: await ctx.storage.get("t2") };
  },
  "storage.transactionSync": (ctx) => ctx.storage.transactionSync(() => ctx.storage.sql.exec("SELECT 1 AS one").one()),
  "storage.kv put/get": (ctx) => (ctx.storage.kv.put("sync", [1]), ctx.storage.kv.get("sync")),
  "storage.kv list": (ctx) => [...ctx.storage.kv.list({ prefix: "sy" })],
  "sql class": (ctx) => className(ctx.storage.sql),
  "sql keys": (ctx) => allKeys(ctx.storage.sql),
  "sql.exec create table": (ctx) =>
    cursorShape(ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")),
  "sql.exec insert": (ctx) => cursorShape(ctx.storage.sql.exec("INSERT INTO t (v) VALUES (?), (?)", "x", "y")),
  "sql.exec select": (ctx) => cursorShape(ctx.storage.sql.exec("SELECT * FROM t ORDER BY id")),
  "cursor keys": (ctx) => allKeys(ctx.storage.sql.exec("SELECT 1")),
  "cursor.one() of two rows": (ctx) => ctx.storage.sql.exec("SELECT * FROM t").one(),
  "cursor.one() of no rows": (ctx) => ctx.storage.sql.exec("SELECT * FROM t WHERE id = 99").one(),
  "cursor.raw()": (ctx) => [...ctx.storage.sql.exec("SELECT id, v FROM t ORDER BY id").raw()],
  "cursor.next()": (ctx) => ctx.storage.sql.exec("SELECT v FROM t ORDER BY id").next(),
  "iterate a cursor twice": (ctx) => {
    const cursor = ctx.storage.sql.exec("SELECT v FROM t");
    return [[...cursor].length, [...cursor].length];
  },
  "sql.exec BEGIN": (ctx) => ctx.storage.sql.exec("BEGIN"),
  "sql.exec COMMIT": (ctx) => ctx.storage.sql.exec("COMMIT"),
  "sql.exec SAVEPOINT": (ctx) => ctx.storage.sql.exec("SAVEPOINT s"),
  "sql.exec bind BigInt": (ctx) => ctx.storage.sql.exec("SELECT ? AS v", 1n).one(),
  "sql.exec bind boolean": (ctx) => ctx.storage.sql.exec("SELECT ? AS v", true).one(),
  "sql.exec bind Uint8Array": (ctx) => {
    const value = ctx.storage.sql.exec("SELECT ? AS v", new Uint8Array([1, 2])).one().v;
    return [className(value), value.byteLength];
  },
  "sql.exec bind an object": (ctx) => ctx.storage.sql.exec("SELECT ? AS v", { a: 1 }).one(),
  "sql.exec large integer result": (ctx) => ctx.storage.sql.exec("SELECT 9007199254740993 AS v").one(),
  "sql.exec syntax error": (ctx) => ctx.storage.sql.exec("SELEC 1"),
  "sql.exec multiple statements": (ctx) => cursorShape(ctx.storage.sql.exec("SELECT 1 AS a; SELECT 2 AS b")),
  "sql.exec PRAGMA table_list": (ctx) =>
    ctx.storage.sql
      .exec("PRAGMA table_list")
      .toArray()
      .map((row) => row.name)
      .toSorted(),
  "_cf_ tables before and after a KV get, delete and put": async (ctx) => {
    const tables = () =>
      ctx.storage.sql
        .exec("SELECT name FROM sqlite_master WHERE name LIKE '\\_cf\\_%' ESCAPE '\\'")
        .toArray()
        .map((row) => row.name);
    const seen = { start: tables() };
    await ctx.storage.get("fresh");
    seen.afterGet = tables();
    await ctx.storage.delete("fresh");
    seen.afterDelete = tables();
    await ctx.storage.put("fresh", 1);
    seen.afterPut = tables();
    return seen;
  },
  "a view and a trigger reading _cf_KV (created, then used)": (ctx) => {
    const outcome = (sql) => {
      try {
        return ctx.storage.sql.exec(sql).toArray();
      } catch (error) {
        return error.message;
      }
    };
    return [
      outcome("CREATE VIEW IF NOT EXISTS cf_view AS SELECT key FROM _cf_KV"),
      outcome("SELECT * FROM cf_view"),
      outcome("CREATE TABLE IF NOT EXISTS cf_watched (a)"),
      outcome("CREATE TRIGGER IF NOT EXISTS cf_trigger AFTER UPDATE ON cf_watched BEGIN SELECT key FROM _cf_KV; END"),
      outcome("UPDATE cf_watched SET a = 2"),
      outcome("CREATE TRIGGER cf_on_kv AFTER INSERT ON _cf_KV BEGIN SELECT 1; END"),
      outcome("DROP VIEW cf_view"),
    ];
  },
  "sql.exec sqlite_version()": (ctx) => ctx.storage.sql.exec("SELECT sqlite_version() AS v").one(),
  "sql.exec ATTACH": (ctx) => ctx.storage.sql.exec("ATTACH DATABASE 'x' AS x"),
  "sql.exec _cf_KV": (ctx) => ctx.storage.sql.exec("SELECT key FROM _cf_KV ORDER BY key").toArray(),
  "sql.databaseSize type": (ctx) => typeof ctx.storage.sql.databaseSize,
  "getAlarm with none": (ctx) => ctx.storage.getAlarm(),
  "setAlarm in the past returns": (ctx) => ctx.storage.setAlarm(Date.now() - 1000),
  "setAlarm(NaN)": (ctx) => ctx.storage.setAlarm(Number.NaN),
  "setAlarm('x')": (ctx) => ctx.storage.setAlarm("x"),
  "blockConcurrencyWhile result": (ctx) => ctx.blockConcurrencyWhile(async () => "inside"),
  "blockConcurrencyWhile throwing": (ctx) => ctx.blockConcurrencyWhile(async () => Promise.reject(new TypeError("from block"))),
  "ctx.waitUntil": (ctx) => ctx.waitUntil(Promise.resolve()),
  "getWebSockets()": (ctx) => ctx.getWebSockets(),
  "acceptWebSocket of a non-server socket": (ctx) => ctx.acceptWebSocket({}),
  "getWebSocketAutoResponse()": (ctx) => ctx.getWebSocketAutoResponse(),
  "storage.deleteAll()": (ctx) => ctx.storage.deleteAll(),
  "storage.sync()": (ctx) => ctx.storage.sync(),
};

export const kvObjectProbes = {
  "storage.put then get": async (ctx) => (await ctx.storage.put("k", 1), await ctx.storage.get("k")),
  "storage.sql": (ctx) => ctx.storage.sql.exec("SELECT 1"),
  "storage.kv": (ctx) => ctx.storage.kv.get("k"),
  "storage.transactionSync": (ctx) => ctx.storage.transactionSync(() => 1),
  getAlarm: (ctx) => ctx.storage.getAlarm(),
};
