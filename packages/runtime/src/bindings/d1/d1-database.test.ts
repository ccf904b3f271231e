import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openD1Database, type D1Database } from "./index.js";

let dir: string;
let file: string;
let db: D1Database;
const closers: Array<() => void> = [];

function open(): D1Database {
  const opened = openD1Database(file);
  closers.push(opened.close);
  return opened.database;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-d1-"));
  file = path.join(dir, "d1", "db.sqlite");
  db = open();
  await db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL, data BLOB, active INTEGER)");
});

afterEach(() => {
  for (const close of closers.splice(0)) close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => Promise.reject(new Error("resolved")),
    (e: Error) => e,
  );
const thrown = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("did not throw");
};

describe("prepared statements", () => {
  test("run reports changes, last_row_id and the rest of D1's meta", async () => {
    const result = await db.prepare("INSERT INTO users (email) VALUES (?), (?)").bind("a@x", "b@x").run();
    expect(result.success).toBe(true);
    expect(result.results).toEqual([]);
    expect(result.meta).toMatchObject({
      changes: 2,
      last_row_id: 2,
      changed_db: true,
      rows_written: 2,
      served_by_primary: true,
      total_attempts: 1,
    });
    expect(result.meta.size_after).toBeGreaterThan(0);
    expect(result.meta.duration).toBeGreaterThanOrEqual(0);
    expect(result.meta.timings.sql_duration_ms).toBe(result.meta.duration);
    const read = await db.prepare("SELECT * FROM users").all();
    expect(read.meta).toMatchObject({ changes: 0, changed_db: false, rows_read: 2, rows_written: 0, last_row_id: 2 });
    expect(read.meta.size_after).toBe(result.meta.size_after);
  });

  test("all returns rows as objects, raw as arrays with optional column names", async () => {
    await db.prepare("INSERT INTO users (email, active) VALUES (?, ?)").bind("a@x", true).run();
    const all = await db.prepare("SELECT id, email, active FROM users").all();
    expect(all.results).toEqual([{ id: 1, email: "a@x", active: 1 }]);
    expect(await db.prepare("SELECT id, email FROM users").raw()).toEqual([[1, "a@x"]]);
    expect(await db.prepare("SELECT 1 AS a, 2 AS a").raw({ columnNames: true })).toEqual([
      ["a", "a"],
      [1, 2],
    ]);
    expect(await db.prepare("SELECT 1 AS a, 2 AS a").first()).toEqual({ a: 2 });
    expect(await db.prepare("SELECT * FROM users WHERE 0").raw({ columnNames: true })).toEqual([
      ["id", "email", "data", "active"],
    ]);
  });

  test("first returns the first row, one column, or null", async () => {
    await db.batch([
      db.prepare("INSERT INTO users (email) VALUES ('a@x')"),
      db.prepare("INSERT INTO users (email) VALUES ('b@x')"),
    ]);
    expect(await db.prepare("SELECT email FROM users ORDER BY id").first()).toEqual({ email: "a@x" });
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(2);
    expect(await db.prepare("SELECT * FROM users WHERE id = ?").bind(99).first("nope")).toBeNull();
    const error = await rejection(db.prepare("SELECT email FROM users").first("nope"));
    expect(error.message).toMatchInlineSnapshot(`"D1_COLUMN_NOTFOUND: Column not found (nope)"`);
  });

  test("a statement runs again with new values; bind returns a new statement", async () => {
    const insert = db.prepare("INSERT INTO users (email) VALUES (?)");
    await insert.bind("a@x").run();
    await insert.bind("b@x").run();
    expect(insert.params).toEqual([]);
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(2);
  });

  test("several statements in one query run in order; the last one's rows come back", async () => {
    const result = await db
      .prepare("CREATE TABLE t (x); INSERT INTO t VALUES (1); INSERT INTO t VALUES (41); SELECT sum(x) + ? AS s FROM t")
      .bind(100)
      .first("s");
    expect(result).toBe(142);
    const error = await rejection(db.prepare("INSERT INTO t VALUES (?); SELECT 1").bind(1).run());
    expect(error.message).toMatchInlineSnapshot(
      `"D1_ERROR: When executing multiple SQL statements in a single call, only the last statement can have parameters."`,
    );
    expect(await db.prepare("SELECT count(*) AS n FROM t").first("n")).toBe(2);
  });

  test("ordered parameters bind by number", async () => {
    expect(await db.prepare("SELECT ?2 AS b, ?1 AS a, ?2 AS c").bind("one", "two").first()).toEqual({
      b: "two",
      a: "one",
      c: "two",
    });
  });
});

describe("values", () => {
  test("booleans bind as 1/0, buffers and views as BLOBs returned as byte arrays", async () => {
    const row = await db
      .prepare("SELECT ? AS t, ? AS f, ? AS n, ? AS ab, typeof(?) AS kind, ? AS bytes, ? AS view, ? AS s, ? AS x")
      .bind(true, false, null, new Uint8Array([1, 2]).buffer, new Uint8Array([3]), [4, 5], new Uint8Array([6, 7]), "s", 1.5)
      .first();
    expect(row).toEqual({ t: 1, f: 0, n: null, ab: [1, 2], kind: "blob", bytes: [4, 5], view: [6, 7], s: "s", x: 1.5 });
  });

  test("unsupported values are rejected at bind time with D1's error", () => {
    const stmt = db.prepare("SELECT ?");
    expect(thrown(() => stmt.bind(undefined)).message).toMatchInlineSnapshot(
      `"D1_TYPE_ERROR: Type 'undefined' not supported for value 'undefined'"`,
    );
    expect(thrown(() => stmt.bind(10n)).message).toMatchInlineSnapshot(
      `"D1_TYPE_ERROR: Type 'bigint' not supported for value '10'"`,
    );
    expect(thrown(() => stmt.bind({ a: 1 })).message).toMatchInlineSnapshot(
      `"D1_TYPE_ERROR: Type 'object' not supported for value '[object Object]'"`,
    );
    expect(thrown(() => stmt.bind(["a"])).cause).toEqual(new Error("Type 'object' not supported for value 'a'"));
  });
});

describe("errors", () => {
  test("D1's authorizer: allowed PRAGMAs run; others, ATTACH and build-revealing functions fail as D1 fails them", async () => {
    expect((await db.prepare("PRAGMA table_info(users)").all()).results.length).toBeGreaterThan(0);
    const messages = await Promise.all(
      [
        db.prepare("PRAGMA journal_mode").all(),
        db.prepare("PRAGMA user_version = 5").run(),
        db.prepare("ATTACH DATABASE 'x.db' AS x").run(),
        db.prepare("SELECT sqlite_version() AS v").first(),
        db.exec("SELECT 1; PRAGMA compile_options"),
      ].map((p) => rejection(p).then((e) => e.message)),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "D1_ERROR: not authorized: SQLITE_AUTH",
        "D1_ERROR: not authorized: SQLITE_AUTH",
        "D1_ERROR: not authorized: SQLITE_AUTH",
        "D1_ERROR: not authorized to use function: sqlite_version at offset 7: SQLITE_ERROR",
        "D1_EXEC_ERROR: Error in line 1: SELECT 1; PRAGMA compile_options: not authorized: SQLITE_AUTH",
      ]
    `);
  });

  test("SQL errors carry SQLite's message and result code after D1_ERROR", async () => {
    await db.prepare("INSERT INTO users (email) VALUES ('a@x')").run();
    const messages = await Promise.all(
      [
        db.prepare("SELECT * FROM missing").all(),
        db.prepare("SELEC 1").run(),
        db.prepare("INSERT INTO users (email) VALUES ('a@x')").run(),
        db.prepare("INSERT INTO users (email) VALUES (NULL)").run(),
        db.prepare("SELECT ?, ?").bind(1).all(),
        db.prepare("BEGIN TRANSACTION").run(),
        db.prepare("  -- nothing\n").run(),
      ].map((p) => rejection(p).then((e) => e.message)),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "D1_ERROR: no such table: missing: SQLITE_ERROR",
        "D1_ERROR: near "SELEC": syntax error at offset 0: SQLITE_ERROR",
        "D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)",
        "D1_ERROR: NOT NULL constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)",
        "D1_ERROR: Wrong number of parameter bindings for SQL query.",
        "D1_ERROR: To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic write coalescing.",
        "D1_ERROR: No SQL statements detected.",
      ]
    `);
    const error = await rejection(db.prepare("SELECT * FROM missing").all());
    expect(error.cause).toEqual(new Error("no such table: missing: SQLITE_ERROR"));
  });
});

describe("batch", () => {
  test("returns one result per statement", async () => {
    const results = await db.batch([
      db.prepare("INSERT INTO users (email) VALUES (?)").bind("a@x"),
      db.prepare("SELECT email FROM users"),
    ]);
    expect(results.map((r) => r.results)).toEqual([[], [{ email: "a@x" }]]);
    expect(results[0]!.meta.changes).toBe(1);
  });

  test("is all or nothing", async () => {
    const error = await rejection(
      db.batch([db.prepare("INSERT INTO users (email) VALUES ('a@x')"), db.prepare("INSERT INTO users (email) VALUES ('a@x')")]),
    );
    expect(error.message).toMatchInlineSnapshot(
      `"D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)"`,
    );
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(0);
    expect((await rejection(db.batch([]))).message).toMatchInlineSnapshot(`"D1_ERROR: No SQL statements detected."`);
  });

  test("sends a non-statement on to D1, which refuses the whole batch", async () => {
    const insert = db.prepare("INSERT INTO users (email) VALUES ('a@x')");
    const error = await rejection(db.batch([insert, "SELECT 1" as never]));
    expect([error.message, (error.cause as Error).message]).toMatchInlineSnapshot(`
      [
        "D1_ERROR: Failed to parse body as JSON, got: ZodError",
        "Failed to parse body as JSON, got: ZodError",
      ]
    `);
    const badParams = { statement: "SELECT ?", params: [true] };
    expect((await rejection(db.batch([badParams as never]))).message).toBe(error.message);
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(0);
  });

  test("runs a statement-like object as D1 receives it", async () => {
    const [result] = await db.batch([{ statement: "SELECT ? AS a, ? AS b", params: [1, [1, 2]] } as never]);
    expect(result!.results).toEqual([{ a: 1, b: [1, 2] }]);
  });

  test("fails on a null element or a non-array before D1, with the engine's TypeError", async () => {
    const nullElement = await rejection(db.batch([db.prepare("SELECT 1"), null as never]));
    const notArray = await rejection(db.batch("SELECT 1" as never));
    expect([nullElement, notArray].map((e) => `${e.name}: ${e.message}`)).toMatchInlineSnapshot(`
      [
        "TypeError: Cannot read properties of null (reading 'statement')",
        "TypeError: statements.map is not a function",
      ]
    `);
  });
});

test("a multi-statement query keeps a trigger whose body contains CASE ... END whole", async () => {
  await db
    .prepare(
      `CREATE TABLE n (x INTEGER, sign TEXT);
CREATE TRIGGER n_sign AFTER INSERT ON n BEGIN
  UPDATE n SET sign = CASE WHEN new.x < 0 THEN 'neg' ELSE 'pos' END WHERE rowid = new.rowid;
END;
INSERT INTO n (x) VALUES (-1), (2)`,
    )
    .run();
  expect((await db.prepare("SELECT x, sign FROM n ORDER BY x").all()).results).toEqual([
    { x: -1, sign: "neg" },
    { x: 2, sign: "pos" },
  ]);
});

describe("exec", () => {
  test("runs one query per line and counts them", async () => {
    const result = await db.exec(
      "INSERT INTO users (email) VALUES ('a@x');\n\nINSERT INTO users (email) VALUES ('b@x'); SELECT 1;",
    );
    expect(result.count).toBe(2);
    expect(result.duration).toBeGreaterThanOrEqual(0);
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(2);
  });

  test("names the failing line, and applies none of the lines", async () => {
    const error = await rejection(db.exec("INSERT INTO users (email) VALUES ('a@x');\nINSERT INTO nope VALUES (1);"));
    expect(error.message).toMatchInlineSnapshot(
      `"D1_EXEC_ERROR: Error in line 2: INSERT INTO nope VALUES (1);: no such table: nope: SQLITE_ERROR"`,
    );
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(0);
    // A statement cannot span lines, as in D1.
    expect((await rejection(db.exec("SELECT\n1"))).message).toMatchInlineSnapshot(
      `"D1_EXEC_ERROR: Error in line 1: SELECT: incomplete input: SQLITE_ERROR"`,
    );
  });
});

describe("sessions", () => {
  test("a session has no bookmark before its first query, then a growing one", async () => {
    const session = db.withSession();
    expect(session.getBookmark()).toBeNull();
    await session.prepare("INSERT INTO users (email) VALUES ('a@x')").run();
    const first = session.getBookmark();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}-0{32}$/);
    await session.batch([session.prepare("SELECT * FROM users")]);
    expect(session.getBookmark()!.localeCompare(first!)).toBe(1);
    expect(db.withSession("first-primary").getBookmark()).toBeNull();
    expect(db.withSession(` ${first} `).getBookmark()).toBe(first);
    expect(await db.withSession(first!).prepare("SELECT email FROM users").first("email")).toBe("a@x");
  });
});

describe("storage", () => {
  test("data persists in the file and is shared with other connections", async () => {
    await db.prepare("INSERT INTO users (email) VALUES ('a@x')").run();
    const other = open();
    expect(await other.prepare("SELECT email FROM users").first("email")).toBe("a@x");
    await other.prepare("INSERT INTO users (email) VALUES ('b@x')").run();
    expect(await db.prepare("SELECT count(*) AS n FROM users").first("n")).toBe(2);
  });

  test("the file is opened on first use; a failure to open names the binding and the fix", async () => {
    const lazyFile = path.join(dir, "lazy", "db.sqlite");
    const lazy = openD1Database(lazyFile, "LAZY");
    closers.push(lazy.close);
    expect(fs.existsSync(lazyFile)).toBe(false);
    await lazy.database.prepare("SELECT 1").all();
    expect(fs.existsSync(lazyFile)).toBe(true);

    fs.writeFileSync(path.join(dir, "not-a-dir"), "");
    const broken = openD1Database(path.join(dir, "not-a-dir", "db.sqlite"), "BROKEN");
    const error = await rejection(broken.database.prepare("SELECT 1").all());
    expect(error.message).toMatch(/^\[kindling\] Could not open the D1 database "BROKEN" at .*not-a-dir.db\.sqlite: /);
    expect(error.message).toMatch(
      /Check that the state directory \(option "persist" of kindling\(\), or --persist-to\) is writable\.$/,
    );
  });

  test("dump returns the SQLite database file", async () => {
    const bytes = new Uint8Array(await db.dump());
    expect(new TextDecoder().decode(bytes.slice(0, 15))).toBe("SQLite format 3");
  });
});

test("a view or trigger reading _cf_METADATA is created, and refused where it is used, as workerd's D1 does", async () => {
  const outcome = async (sql: string) => {
    try {
      return (await db.prepare(sql).all()).results;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const results = [];
  for (const sql of [
    "CREATE VIEW dv AS SELECT * FROM _cf_METADATA",
    "SELECT count(*) AS n FROM dv",
    "CREATE TRIGGER dtr AFTER INSERT ON users BEGIN DELETE FROM _cf_METADATA; END",
    "INSERT INTO users (email) VALUES ('a@x')",
  ])
    results.push(await outcome(sql));
  expect(results).toMatchInlineSnapshot(`
    [
      [],
      "D1_ERROR: access to _cf_METADATA.key is prohibited: SQLITE_AUTH",
      [],
      "D1_ERROR: not authorized: SQLITE_AUTH",
    ]
  `);
});
