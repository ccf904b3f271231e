/** Spans of binding calls, made by the registry's proxy from each unit's TraceSpec. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { types } from "node:util";
import { afterEach, expect, test } from "vitest";
import { createBindings } from "./registry.js";
import type { SpanInfo, SpanTracer } from "./traced-binding.js";
import type { BindingContext } from "./context.js";
import type { KVNamespace } from "./kv/index.js";
import type { D1Database } from "./d1/index.js";
import type { R2Bucket } from "./r2/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A tracer that records what it was asked to time, with the result text, as the thread's does. */
function recordingTracer() {
  const spans: (SpanInfo & { result?: string; error?: string })[] = [];
  const tracer: SpanTracer = {
    span(info, run, describe) {
      const record = { ...info } as (typeof spans)[number];
      spans.push(record);
      const result = run();
      if (!(result instanceof Promise)) return result;
      return result.then(
        (value) => {
          const text = describe?.(value as never);
          if (text !== undefined) record.result = text;
          return value;
        },
        (error: Error) => {
          record.error = error.message;
          throw error;
        },
      ) as typeof result;
    },
  };
  return { spans, tracer };
}

function env(tracer: SpanTracer | undefined) {
  const persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-traced-"));
  dirs.push(persist);
  const context = { persist, workerName: "w", tracer } as unknown as BindingContext;
  return createBindings(
    [
      { type: "kv", name: "KV", id: "kv" },
      { type: "r2", name: "BUCKET", bucketName: "bucket" },
      { type: "d1", name: "DB", databaseId: "db", migrationsDir: "migrations", migrationsTable: "d1_migrations" },
    ],
    context,
  ) as { KV: KVNamespace; BUCKET: R2Bucket; DB: D1Database };
}

test("KV, R2 and D1 calls become spans with their key or SQL and a short result", async () => {
  const { spans, tracer } = recordingTracer();
  const { KV, BUCKET, DB } = env(tracer);
  await KV.put("a", "1");
  expect(await KV.get("a")).toBe("1");
  await KV.get("missing");
  await BUCKET.put("docs/x", "body");
  await DB.exec("CREATE TABLE t (n INTEGER)");
  await DB.prepare("INSERT INTO t VALUES (?)").bind(1).run();
  expect((await DB.prepare("SELECT n FROM t").all()).results).toEqual([{ n: 1 }]);
  expect(spans).toEqual([
    { kind: "kv", binding: "KV", name: "put", detail: "a" },
    { kind: "kv", binding: "KV", name: "get", detail: "a", result: "hit" },
    { kind: "kv", binding: "KV", name: "get", detail: "missing", result: "miss" },
    { kind: "r2", binding: "BUCKET", name: "put", detail: "docs/x" },
    { kind: "d1", binding: "DB", name: "exec", detail: "CREATE TABLE t (n INTEGER)" },
    { kind: "d1", binding: "DB", name: "run", detail: "INSERT INTO t VALUES (?)" },
    { kind: "d1", binding: "DB", name: "all", detail: "SELECT n FROM t", result: "1 rows" },
  ]);
});

test("traced objects keep working as the real ones: batches of traced statements, instanceof, untraced methods", async () => {
  const { spans, tracer } = recordingTracer();
  const { DB, BUCKET } = env(tracer);
  await DB.exec("CREATE TABLE t (n INTEGER)");
  const insert = DB.prepare("INSERT INTO t VALUES (?)");
  const results = await DB.batch([insert.bind(1), insert.bind(2), DB.prepare("SELECT count(*) AS c FROM t")]);
  expect(results[2]!.results).toEqual([{ c: 2 }]);
  expect(spans.at(-1)).toEqual({
    kind: "d1",
    binding: "DB",
    name: "batch",
    detail: "INSERT INTO t VALUES (?);\nINSERT INTO t VALUES (?);\nSELECT count(*) AS c FROM t",
  });
  const { R2Bucket } = await import("./r2/index.js");
  expect(BUCKET).toBeInstanceOf(R2Bucket);
  // Not in r2Trace: still callable, on the real object (its private fields).
  const upload = await BUCKET.createMultipartUpload("big");
  expect(BUCKET.resumeMultipartUpload("big", upload.uploadId).uploadId).toBe(upload.uploadId);
});

test("a failing call is a span with its error, and the error still reaches the caller", async () => {
  const { spans, tracer } = recordingTracer();
  const { DB } = env(tracer);
  await expect(DB.prepare("SELECT * FROM nope").all()).rejects.toThrow("no such table: nope");
  expect(spans).toEqual([
    {
      kind: "d1",
      binding: "DB",
      name: "all",
      detail: "SELECT * FROM nope",
      error: "D1_ERROR: no such table: nope: SQLITE_ERROR",
    },
  ]);
});

test("without a tracer the bindings are the unit's own objects", async () => {
  const { KV } = env(undefined);
  const { KVNamespace } = await import("./kv/index.js");
  expect(Object.getPrototypeOf(KV)).toBe(KVNamespace.prototype);
  expect(types.isProxy(KV)).toBe(false);
});
