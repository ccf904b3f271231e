/**
 * Every write path of every binding waits for another connection's write lock instead of failing
 * with SQLITE_BUSY ("database is locked"): while an edit lands, the retiring and the new generation
 * (and the `kindling d1` CLI) write the same files. A second connection, in another thread, holds
 * the write lock while the write starts; the write must succeed, and only after that lock was let go.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ManualClock } from "../storage/clock.js";
import { openDatabase, type Database } from "../storage/database.js";
import { AlarmScheduler } from "../host/alarm-scheduler.js";
import { WorkflowEngine } from "../host/workflows/engine.js";
import { createCacheStorage } from "./cache/index.js";
import { d1DatabaseFile, openD1Database } from "./d1/index.js";
import { DurableObjectStorage } from "./durable-objects/storage.js";
import { createKvNamespace } from "./kv/index.js";
import { createR2Bucket, type R2ObjectBody } from "./r2/index.js";
import { createRateLimiter } from "./ratelimit/index.js";
import { createAnalyticsEngineDataset } from "./analytics-engine/index.js";
import { AnalyticsEngineStorage } from "./analytics-engine/storage.js";
import { secretsStoreFile, SecretsStoreStorage } from "./secrets-store/index.js";

const driver = createRequire(import.meta.url).resolve("better-sqlite3");

/** Runs in its own thread: takes the write lock, holds it until the main thread has started its write, and a while more. */
const holder = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const flags = new Int32Array(workerData.flags);
const db = new Database(workerData.file, { timeout: 10000 });
db.exec("BEGIN IMMEDIATE");
db.exec("CREATE TABLE IF NOT EXISTS lock_holder (n INTEGER)");
db.exec("INSERT INTO lock_holder VALUES (1)");
Atomics.store(flags, 0, 1);
Atomics.notify(flags, 0);
Atomics.wait(flags, 1, 0, 10000);
Atomics.wait(flags, 2, 0, 150);
db.exec("COMMIT");
Atomics.store(flags, 2, 1);
db.close();
`;
const [LOCKED, STARTED, RELEASED] = [0, 1, 2];

/** Runs `write` while another thread holds `file`'s write lock; resolves with whether the lock was let go first. */
async function writeWhileLocked(file: string, write: () => unknown): Promise<{ waited: boolean }> {
  const flags = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(holder, { eval: true, workerData: { file, driver, flags: flags.buffer } });
  const exited = new Promise((resolve, reject) => (worker.once("exit", resolve), worker.once("error", reject)));
  while (Atomics.load(flags, LOCKED) === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  Atomics.store(flags, STARTED, 1);
  Atomics.notify(flags, STARTED);
  try {
    await write();
  } finally {
    await exited;
  }
  return { waited: Atomics.load(flags, RELEASED) === 1 };
}

let dir: string;
const clock = new ManualClock();
const opened: Database[] = [];
const closers: Array<() => void> = [];
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-write-paths-"));
});
afterAll(() => {
  for (const close of closers) close();
  for (const db of opened) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Case {
  file: string;
  /** Runs before the lock is taken (creates the file and what the write needs). */
  setup?(): unknown;
  write(): unknown;
  /** Reads back what the write did. */
  check(): unknown;
}

async function expectWaits(c: Case, expected: unknown): Promise<void> {
  await c.setup?.();
  expect(await writeWhileLocked(c.file, c.write)).toEqual({ waited: true });
  expect(await c.check()).toEqual(expected);
}

describe("KV", () => {
  const kv = () => createKvNamespace({ type: "kv", name: "KV", id: "ns" }, { persist: dir, clock });
  const file = () => path.join(dir, "kv", "ns.sqlite");

  test("put (inline and blob values) and delete wait for the lock", async () => {
    const big = "x".repeat(100_000);
    await expectWaits(
      { file: file(), setup: () => kv().put("seed", "1"), write: () => kv().put("a", "1"), check: () => kv().get("a") },
      "1",
    );
    await expectWaits(
      { file: file(), write: () => kv().put("big", big), check: async () => ((await kv().get("big")) as string | null)?.length },
      big.length,
    );
    await expectWaits({ file: file(), write: () => kv().put("a", "2", { metadata: { m: 1 } }), check: () => kv().get("a") }, "2");
    await expectWaits({ file: file(), write: () => kv().delete("a"), check: () => kv().get("a") }, null);
  });
});

describe("R2", () => {
  const bucket = () => createR2Bucket({ type: "r2", name: "R2", bucketName: "bucket" }, { persist: dir, clock });
  const file = () => path.join(dir, "r2", "bucket.sqlite");
  const body = async (key: string) => (await ((await bucket().get(key)) as R2ObjectBody | null)?.text()) ?? null;

  test("put, delete and every multipart step wait for the lock", async () => {
    await expectWaits(
      { file: file(), setup: () => bucket().put("seed", "1"), write: () => bucket().put("a", "one"), check: () => body("a") },
      "one",
    );
    await expectWaits(
      { file: file(), write: () => bucket().put("a", "two", { onlyIf: { etagDoesNotMatch: "nope" } }), check: () => body("a") },
      "two",
    );
    await expectWaits({ file: file(), write: () => bucket().delete(["a", "seed"]), check: () => body("a") }, null);

    let uploadId = "";
    await expectWaits(
      {
        file: file(),
        write: async () => void (uploadId = (await bucket().createMultipartUpload("m")).uploadId),
        check: () => uploadId.length > 0,
      },
      true,
    );
    let part = { partNumber: 0, etag: "" };
    await expectWaits(
      {
        file: file(),
        write: async () => void (part = await bucket().resumeMultipartUpload("m", uploadId).uploadPart(1, "part one")),
        check: () => part.partNumber,
      },
      1,
    );
    await expectWaits(
      { file: file(), write: () => bucket().resumeMultipartUpload("m", uploadId).complete([part]), check: () => body("m") },
      "part one",
    );
    const aborted = await bucket().createMultipartUpload("n");
    await expectWaits(
      {
        file: file(),
        write: () => bucket().resumeMultipartUpload("n", aborted.uploadId).abort(),
        check: () =>
          bucket()
            .resumeMultipartUpload("n", aborted.uploadId)
            .uploadPart(1, "late")
            .catch((e: Error) => e.message),
      },
      "uploadPart: The specified multipart upload does not exist. (10024)",
    );
  });
});

describe("D1, in a generation and through the kindling d1 CLI's opener", () => {
  const file = () => d1DatabaseFile(dir, { databaseId: "db" }) as string;
  const d1 = () => {
    const { database, close } = openD1Database(file());
    closers.push(close);
    return database;
  };
  const value = async (key: string) => (await d1().prepare("SELECT v FROM t WHERE k = ?").bind(key).first("v")) ?? null;

  test("run, batch, exec and multi-statement queries wait for the lock", async () => {
    await expectWaits(
      {
        file: file(),
        setup: () => d1().exec("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)"),
        write: () => d1().prepare("INSERT INTO t VALUES (?, ?)").bind("a", "1").run(),
        check: () => value("a"),
      },
      "1",
    );
    await expectWaits(
      {
        file: file(),
        write: () =>
          d1().batch([d1().prepare("SELECT v FROM t WHERE k = 'a'"), d1().prepare("UPDATE t SET v = '2' WHERE k = 'a'")]),
        check: () => value("a"),
      },
      "2",
    );
    await expectWaits({ file: file(), write: () => d1().exec("INSERT INTO t VALUES ('b', '3')"), check: () => value("b") }, "3");
    await expectWaits(
      {
        file: file(),
        write: () => d1().prepare("SELECT count(*) FROM t; INSERT INTO t VALUES ('c', '4')").run(),
        check: () => value("c"),
      },
      "4",
    );
  });
});

describe("Cache API", () => {
  const caches = () => createCacheStorage(dir, clock);
  const file = () => path.join(dir, "cache", "caches.sqlite");
  const url = "https://example.com/page";
  const cached = (body: string) => new Response(body, { headers: { "cache-control": "max-age=60" } });

  test("put and delete wait for the lock", async () => {
    await expectWaits(
      {
        file: file(),
        setup: () => caches().default.put("https://example.com/seed", cached("seed")),
        write: () => caches().default.put(url, cached("page")),
        check: async () => (await caches().default.match(url))?.text(),
      },
      "page",
    );
    await expectWaits(
      { file: file(), write: () => caches().default.delete(url), check: () => caches().default.match(url) },
      undefined,
    );
  });
});

describe("Durable Object storage", () => {
  const file = () => path.join(dir, "do", "Counter", "object.sqlite");
  let storage: DurableObjectStorage;
  const open = () => {
    const db = openDatabase(file());
    opened.push(db);
    storage = new DurableObjectStorage(db, { sqlite: true, onAlarmChange: () => {}, hasAlarmHandler: () => true });
  };
  const waits = (write: () => unknown, check: () => unknown, expected: unknown) =>
    expectWaits({ file: file(), write, check }, expected);

  test("KV API, SQL API, transactions and alarms wait for the lock", async () => {
    open();
    await waits(
      () => storage.put("a", 1),
      () => storage.get("a"),
      1,
    );
    await waits(
      () => storage.put({ b: 2, c: 3 }),
      () => storage.get(["b", "c"]),
      new Map([
        ["b", 2],
        ["c", 3],
      ]),
    );
    await waits(
      () => storage.delete("b"),
      () => storage.get("b"),
      undefined,
    );
    await waits(
      () => storage.delete(["a", "c"]),
      () => storage.list(),
      new Map(),
    );
    await waits(
      () =>
        storage.transaction(async (txn) => {
          const n = ((await txn.get("n")) as number | undefined) ?? 0;
          await txn.put("n", n + 1);
        }),
      () => storage.get("n"),
      1,
    );
    await waits(
      () => storage.transactionSync(() => storage.kv.put("n", (storage.kv.get("n") as number) + 1)),
      () => storage.kv.get("n"),
      2,
    );
    await waits(
      () => storage.kv.put("s", "sync"),
      () => storage.kv.get("s"),
      "sync",
    );
    await waits(
      () => storage.kv.delete("s"),
      () => storage.kv.get("s"),
      undefined,
    );
    await waits(
      () => storage.sql.exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1)"),
      () => storage.sql.exec("SELECT v FROM t").toArray(),
      [{ v: 1 }],
    );
    await waits(
      () => storage.sql.exec("INSERT INTO t VALUES (?)", 2),
      () => storage.sql.exec("SELECT count(*) AS n FROM t").one(),
      { n: 2 },
    );
    await waits(
      () => storage.setAlarm(Date.UTC(2030, 0, 1)),
      () => storage.getAlarm(),
      Date.UTC(2030, 0, 1),
    );
    await waits(
      () => storage.deleteAlarm(),
      () => storage.getAlarm(),
      null,
    );
    await waits(
      () => storage.deleteAll(),
      () => storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 't'").toArray(),
      [],
    );
  });
});

describe("rate limits, Analytics Engine and the Secrets Store", () => {
  test("their writes wait for the lock", async () => {
    const limiter = () =>
      createRateLimiter({ type: "ratelimit", name: "RL", namespaceId: "ns", limit: 5, period: 60 }, { persist: dir, clock });
    await expectWaits(
      {
        file: path.join(dir, "ratelimit", "ns.sqlite"),
        setup: () => limiter().limit({ key: "seed" }),
        write: () => limiter().limit({ key: "a" }),
        check: () => limiter().limit({ key: "a", limit: 1 }),
      },
      { success: false },
    );
    const file = path.join(dir, "analytics-engine", "events.sqlite");
    const dataset = () =>
      createAnalyticsEngineDataset({ type: "analytics_engine", name: "AE", dataset: "events" }, { persist: dir, clock });
    await expectWaits(
      {
        file,
        setup: () => dataset().writeDataPoint(),
        write: () => dataset().writeDataPoint({ blobs: ["x"] }),
        check: () => new AnalyticsEngineStorage(file, "events").all().length,
      },
      2,
    );
    const secrets = () => new SecretsStoreStorage(secretsStoreFile(dir, "store"));
    await expectWaits(
      {
        file: secretsStoreFile(dir, "store") as string,
        setup: () => secrets().put("seed", "1", 1),
        write: () => secrets().put("token", "s", 2),
        check: () => secrets().get("token"),
      },
      "s",
    );
  });
});

describe("the host's alarm schedule", () => {
  test("setting and deleting an alarm waits for the lock", async () => {
    const scheduler = new AlarmScheduler({ persist: dir, fire: async () => ({ ok: true, value: undefined }), onError: () => {} });
    closers.push(() => scheduler.close());
    const address = { kind: "object" as const, storageName: "Counter", id: "a".repeat(64) };
    const file = path.join(dir, "do", "alarms.sqlite");
    const rows = () => {
      const db = openDatabase(file);
      try {
        return db.prepare("SELECT time FROM do_alarms").all();
      } finally {
        db.close();
      }
    };
    await expectWaits({ file, write: () => scheduler.set(address, Date.UTC(2030, 0, 1)), check: rows }, [
      { time: Date.UTC(2030, 0, 1) },
    ]);
    await expectWaits({ file, write: () => scheduler.set(address, null), check: rows }, []);
  });
});

describe("the host's workflow engine", () => {
  test("creating an instance and sending it an event wait for the lock", async () => {
    const file = path.join(dir, "workflows", "flow.sqlite");
    const engine = new WorkflowEngine({
      workflow: "flow",
      file,
      clock,
      run: () => new Promise(() => {}), // its runs are not what this test is about
      isCurrent: () => true,
    });
    closers.push(() => engine.close());
    const params = new Uint8Array([1]);
    await expectWaits(
      { file, setup: () => engine.exists("a"), write: () => engine.create({ id: "a", params }), check: () => engine.exists("a") },
      true,
    );
    const event = { type: "go", payload: new Uint8Array([2]), timestamp: 0 };
    await expectWaits(
      { file, write: () => engine.sendEvent("a", event), check: () => engine.store.firstEvent("a", "go")?.type },
      "go",
    );
  });
});

test("a deferred transaction that reads first fails at once when another connection holds the lock (why the helper exists)", async () => {
  const file = path.join(dir, "deferred.sqlite");
  const db = openDatabase(file);
  opened.push(db);
  db.exec("CREATE TABLE t (v INTEGER)");
  const deferred = db.transaction(() => {
    db.prepare("SELECT count(*) FROM t").get();
    db.prepare("INSERT INTO t VALUES (1)").run();
  });
  const failure = await writeWhileLocked(file, () => deferred()).catch(
    (error: Error) => `${(error as { code?: string }).code}: ${error.message}`,
  );
  expect(failure).toMatchInlineSnapshot(`"SQLITE_BUSY: database is locked"`);
});
