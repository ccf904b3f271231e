/** D1: results, meta, types, batches, the authorizer, and error wording. */
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: D1";

/** meta without what changes between runs (durations, timings). */
function meta(m) {
  if (!m) return m;
  const out = {};
  for (const [key, value] of Object.entries(m)) {
    out[key] = key === "duration" || key === "timings" ? `<${typeof value}>` : value;
  }
  return out;
}

/** A D1Result with meta() applied. */
const result = (r) => (r && typeof r === "object" && "meta" in r ? { ...r, meta: meta(r.meta) } : r);

export function probes({ env }) {
  const db = env.DB;
  return {
    class: () => className(db),
    "prototype keys": () => allKeys(db),
    "create table (run)": async () => {
      const result = await db
        .prepare("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, data BLOB, big INTEGER)")
        .run();
      return { ...result, meta: meta(result.meta) };
    },
    "prepared statement class": () => className(db.prepare("SELECT 1")),
    "insert (run)": async () => {
      const result = await db
        .prepare("INSERT INTO items (name, score, data, big) VALUES (?, ?, ?, ?)")
        .bind("a", 1.5, new Uint8Array([1, 2]), 9007199254740993n)
        .run();
      return { ...result, meta: meta(result.meta) };
    },
    "insert with a JS number above 2^53": async () => {
      const result = await db
        .prepare("INSERT INTO items (name, big) VALUES (?, ?)")
        .bind("b", 2 ** 60)
        .run();
      return meta(result.meta);
    },
    all: async () => {
      const result = await db.prepare("SELECT * FROM items ORDER BY id").all();
      return { ...result, meta: meta(result.meta) };
    },
    "first()": () => db.prepare("SELECT name, score FROM items WHERE id = ?").bind(1).first(),
    "first('name')": () => db.prepare("SELECT name FROM items WHERE id = ?1").bind(1).first("name"),
    "first('missing column')": () => db.prepare("SELECT name FROM items").first("nope"),
    "first() of no rows": () => db.prepare("SELECT * FROM items WHERE id = 999").first(),
    "raw()": () => db.prepare("SELECT id, name FROM items ORDER BY id").raw(),
    "raw({ columnNames: true })": () => db.prepare("SELECT id, name FROM items ORDER BY id").raw({ columnNames: true }),
    "blob column value": async () => {
      const row = await db.prepare("SELECT data FROM items WHERE id = 1").first();
      return [className(row.data), Array.from(row.data)];
    },
    "big integer column": () => db.prepare("SELECT big FROM items ORDER BY id").raw(),
    "typeof values": () =>
      db.prepare("SELECT typeof(1) AS i, typeof(1.5) AS r, typeof('x') AS t, typeof(x'00') AS b, typeof(NULL) AS n").first(),
    "bind true/false": () => db.prepare("SELECT ? AS t, ? AS f").bind(true, false).first(),
    "bind null": () => db.prepare("SELECT ? AS n").bind(null).first(),
    "bind undefined": () => db.prepare("SELECT ? AS u").bind(undefined).first(),
    "bind an object": () => db.prepare("SELECT ? AS o").bind({ a: 1 }).first(),
    "bind a Date": () => db.prepare("SELECT ? AS d").bind(new Date(0)).first(),
    "bind too few": async () => result(await db.prepare("SELECT ?1, ?2").bind(1).all()),
    "bind too many": async () => result(await db.prepare("SELECT ?").bind(1, 2).all()),
    "named parameter :name": () => db.prepare("SELECT :name AS n").bind("x").first(),
    "syntax error": async () => result(await db.prepare("SELEC 1").all()),
    "syntax error later in the query": async () => result(await db.prepare("SELECT * FROM items WHERE").all()),
    "no such table": async () => result(await db.prepare("SELECT * FROM nope").all()),
    "UNIQUE constraint": async () => result(await db.prepare("INSERT INTO items (name) VALUES ('a')").run()),
    "NOT NULL constraint": async () => result(await db.prepare("INSERT INTO items (name) VALUES (NULL)").run()),
    "empty query": async () => result(await db.prepare("").all()),
    "two statements in prepare": async () => result(await db.prepare("SELECT 1; SELECT 2").all()),
    batch: async () => {
      const results = await db.batch([
        db.prepare("INSERT INTO items (name) VALUES (?)").bind("c"),
        db.prepare("SELECT count(*) AS n FROM items"),
      ]);
      return results.map((r) => ({ ...r, meta: meta(r.meta) }));
    },
    "batch rolls back on error": async () => {
      const attempt = await db
        .batch([db.prepare("INSERT INTO items (name) VALUES ('d')"), db.prepare("INSERT INTO items (name) VALUES ('a')")])
        .catch((error) => ({ name: error.name, message: error.message }));
      const count = await db.prepare("SELECT count(*) AS n FROM items WHERE name = 'd'").first("n");
      return { attempt, count };
    },
    "batch of []": async () => (await db.batch([])).map(result),
    "batch of a non-statement": () => db.batch(["SELECT 1"]),
    exec: async () => {
      const result = await db.exec("CREATE TABLE e (x); INSERT INTO e VALUES (1);\nINSERT INTO e VALUES (2)");
      return { count: result.count, duration: typeof result.duration, keys: Object.keys(result).toSorted() };
    },
    "exec with an error": () => db.exec("SELECT 1; SELEC 2"),
    "exec empty": () => db.exec(""),
    "PRAGMA table_list": async () => (await db.prepare("PRAGMA table_list").all()).results.map((row) => row.name).toSorted(),
    "PRAGMA journal_mode": async () => result(await db.prepare("PRAGMA journal_mode").all()),
    "PRAGMA foreign_keys": () => db.prepare("PRAGMA foreign_keys").first(),
    "PRAGMA user_version = 5": () =>
      db
        .prepare("PRAGMA user_version = 5")
        .run()
        .then((r) => r.success),
    "sqlite_version()": () =>
      db
        .prepare("SELECT sqlite_version() AS v")
        .first("v")
        .then((v) => (typeof v === "string" ? "<a version>" : v)),
    "ATTACH DATABASE": async () => result(await db.prepare("ATTACH DATABASE 'x.db' AS x").run()),
    "BEGIN TRANSACTION": async () => result(await db.prepare("BEGIN TRANSACTION").run()),
    SAVEPOINT: async () => result(await db.prepare("SAVEPOINT s").run()),
    sqlite_master: async () =>
      (await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").raw()).flat(),
    "_cf_KV table": async () => result(await db.prepare("SELECT * FROM _cf_KV").all()),
    "json functions": () => db.prepare(`SELECT json_extract('{"a":[1,2]}', '$.a[1]') AS v`).first("v"),
    fts5: () =>
      db
        .prepare("CREATE VIRTUAL TABLE f USING fts5(body)")
        .run()
        .then((r) => r.success),
    "math functions": () => db.prepare("SELECT sqrt(16) AS v").first("v"),
    "update meta": async () => meta((await db.prepare("UPDATE items SET score = 2 WHERE name != 'zzz'").run()).meta),
    "delete meta": async () => meta((await db.prepare("DELETE FROM items WHERE name = 'c'").run()).meta),
    withSession: async () => {
      const session = db.withSession("first-primary");
      const row = await session.prepare("SELECT 1 AS one").first();
      return { class: className(session), row, bookmark: typeof session.getBookmark() };
    },
    "withSession('bogus')": () => db.withSession("bogus").prepare("SELECT 1").first(),
    dump: () => db.dump(),
    "a view and a trigger reading _cf_METADATA (created, then used)": async () => {
      const outcome = (sql) =>
        db
          .prepare(sql)
          .all()
          .then(
            (r) => r.results,
            (error) => error.message,
          );
      return [
        await outcome("CREATE VIEW cf_view AS SELECT * FROM _cf_METADATA"),
        await outcome("SELECT count(*) AS n FROM cf_view"),
        await outcome("CREATE TABLE cf_watched (a)"),
        await outcome("CREATE TRIGGER cf_trigger AFTER INSERT ON cf_watched BEGIN DELETE FROM _cf_METADATA; END"),
        await outcome("INSERT INTO cf_watched VALUES (1)"),
        await outcome("DROP VIEW cf_view"),
      ];
    },
    "bookmark after every request so far (workerd's local D1 counts them)": async () => {
      const session = db.withSession("first-primary");
      await session.prepare("SELECT 1").first();
      return session.getBookmark();
    },
  };
}
