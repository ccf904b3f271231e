/** Each kind's explorer view reads and writes the very files its runtime unit uses. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import type { BindingDescriptor } from "../protocol/bindings.js";
import { openDatabase } from "../storage/database.js";
import { statePaths } from "../storage/state-path.js";
import { createExplorerViews, type ExplorerInput } from "./explorer-views.js";
import { createKvNamespace } from "./kv/index.js";
import { createR2Bucket, type R2ObjectBody } from "./r2/index.js";
import { createD1Binding } from "./d1/index.js";
import { DurableObjectStorage } from "./durable-objects/storage.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setUp() {
  const persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-explorer-"));
  dirs.push(persist);
  const views = createExplorerViews({
    persist,
    root: persist,
    objectName: () => "main",
    webSockets: () => [{ id: "s1", tags: ["room"] }],
  });
  const input = (query: Record<string, string> = {}, body?: unknown): ExplorerInput => ({
    query: new URLSearchParams(query),
    body: async () => new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body ?? {})),
    json: async () => (body ?? {}) as Record<string, unknown>,
  });
  return { persist, views, input };
}

const kv: BindingDescriptor<"kv"> = { type: "kv", name: "KV", id: "ns" };
const r2: BindingDescriptor<"r2"> = { type: "r2", name: "BUCKET", bucketName: "bucket" };
const d1: BindingDescriptor<"d1"> = {
  type: "d1",
  name: "DB",
  databaseId: "db",
  migrationsDir: "migrations",
  migrationsTable: "d1_migrations",
};

test("KV: keys and values the worker wrote are listed and previewed; an edit is what the worker reads", async () => {
  const { persist, views, input } = setUp();
  const namespace = createKvNamespace(kv, { persist });
  await namespace.put("user:1", JSON.stringify({ name: "Ada" }), { metadata: { v: 1 }, expiration: 4_000_000_000 });
  await namespace.put("user:2", "plain text");
  await namespace.put("other", new Uint8Array([0, 1, 2, 255]));

  expect(await views.run(kv, false, "keys", input({ prefix: "user:" }))).toMatchObject({
    keys: [{ name: "user:1", expiration: 4_000_000_000, metadata: { v: 1 } }, { name: "user:2" }],
    list_complete: true,
  });
  expect(await views.run(kv, false, "value", input({ key: "user:1" }))).toEqual({
    key: "user:1",
    found: true,
    expiration: 4_000_000_000,
    metadata: { v: 1 },
    value: { size: 14, type: "json", text: '{\n  "name": "Ada"\n}', truncated: false },
  });
  expect(await views.run(kv, false, "value", input({ key: "other" }))).toMatchObject({
    value: { type: "binary", hex: "00 01 02 ff" },
  });

  await views.run(kv, true, "put", input({}, { key: "user:2", value: "edited", metadata: { by: "explorer" } }));
  expect(await namespace.getWithMetadata("user:2")).toEqual({ value: "edited", metadata: { by: "explorer" }, cacheStatus: null });
  await views.run(kv, true, "delete", input({}, { key: "user:2" }));
  expect(await namespace.get("user:2")).toBeNull();
  // KV's own validation applies to edits made in the page.
  await expect(views.run(kv, true, "put", input({}, { key: "", value: "x" }))).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Key name cannot be empty.]`,
  );
  await expect(views.run(kv, false, "value", input())).rejects.toThrowErrorMatchingInlineSnapshot(
    `[ExplorerInputError: [kindling] The explorer request is missing "key". Pass key=... in the query.]`,
  );
});

test("R2: objects by prefix and delimiter, a preview, download, and an upload the worker reads", async () => {
  const { persist, views, input } = setUp();
  const bucket = createR2Bucket(r2, { persist });
  await bucket.put("docs/a.txt", "A", { httpMetadata: { contentType: "text/plain" } });
  await bucket.put("docs/deep/b.txt", "B");
  await bucket.put("top.txt", "T");

  const root = (await views.run(r2, false, "objects", input())) as { objects: { key: string }[]; delimitedPrefixes: string[] };
  expect(root.objects.map((o) => o.key)).toEqual(["top.txt"]);
  expect(root.delimitedPrefixes).toEqual(["docs/"]);
  expect(await views.run(r2, false, "object", input({ key: "docs/a.txt" }))).toMatchObject({
    found: true,
    object: { key: "docs/a.txt", size: 1, httpMetadata: { contentType: "text/plain" } },
    preview: { type: "text", text: "A" },
  });
  const download = (await views.run(r2, false, "download", input({ key: "docs/a.txt" }))) as Response;
  expect(download.headers.get("content-type")).toBe("text/plain");
  expect(await download.text()).toBe("A");

  await views.run(r2, true, "upload", input({ key: "docs/new.json", contentType: "application/json" }, "{}"));
  const uploaded = (await bucket.get("docs/new.json")) as R2ObjectBody;
  expect([await uploaded!.text(), uploaded!.httpMetadata!.contentType]).toEqual(["{}", "application/json"]);
  await views.run(r2, true, "delete", input({}, { keys: ["docs/new.json", "top.txt"] }));
  expect((await bucket.list()).objects.map((o) => o.key)).toEqual(["docs/a.txt", "docs/deep/b.txt"]);
});

test("D1: tables, rows, migrations, and a console whose answers and errors are D1's", async () => {
  const { persist, views, input } = setUp();
  fs.mkdirSync(path.join(persist, "migrations"));
  fs.writeFileSync(path.join(persist, "migrations", "0001_init.sql"), "CREATE TABLE notes (body TEXT);");
  const database = createD1Binding(d1, { persist });
  await database.exec("CREATE TABLE notes (body TEXT);");
  await database.prepare("INSERT INTO notes VALUES (?)").bind("from the worker").run();

  expect(await views.run(d1, false, "tables", input())).toEqual({
    tables: [{ name: "notes", rows: 1 }],
    migrations: { table: "d1_migrations", dir: "migrations", applied: [], pending: ["0001_init.sql"] },
  });
  expect(await views.run(d1, false, "rows", input({ table: "notes" }))).toMatchObject({
    columns: ["body"],
    rows: [["from the worker"]],
  });
  const answer = (await views.run(
    d1,
    true,
    "query",
    input({}, { sql: "INSERT INTO notes VALUES ('typed'); SELECT body FROM notes" }),
  )) as {
    results: { columns: string[]; rows: unknown[][] }[];
  };
  expect(answer.results[1]).toMatchObject({ columns: ["body"], rows: [["from the worker"], ["typed"]] });
  expect(await views.run(d1, true, "query", input({}, { sql: "SELECT * FROM nope" }))).toEqual({
    ok: false,
    error: "D1_ERROR: no such table: nope: SQLITE_ERROR",
  });
  await expect(views.run(d1, false, "rows", input({ table: "nope" }))).rejects.toThrowErrorMatchingInlineSnapshot(
    `[ExplorerInputError: [kindling] There is no table "nope" in D1 database DB.]`,
  );
});

test("Durable Objects: an object's KV entries, SQL tables, alarm and sockets, read from its own file", async () => {
  const { persist, views, input } = setUp();
  const descriptor: BindingDescriptor<"durable_object_namespace"> = {
    type: "durable_object_namespace",
    name: "COUNTER",
    className: "Counter",
    sqlite: true,
    storageName: "Counter",
  };
  const id = "a".repeat(64);
  const db = openDatabase(statePaths(persist, "do/Counter", id).database);
  const storage = new DurableObjectStorage(db, { sqlite: true, onAlarmChange: () => {}, hasAlarmHandler: () => true });
  await storage.put("count", { n: 42 });
  storage.sql.exec("CREATE TABLE visits (n INTEGER)");
  storage.sql.exec("INSERT INTO visits VALUES (1)");
  await storage.setAlarm(5_000_000_000_000);
  db.close();

  expect(await views.run(descriptor, false, "objects", input())).toMatchObject({
    className: "Counter",
    objects: [{ id, name: "main" }],
  });
  expect(await views.run(descriptor, false, "object", input({ id }))).toEqual({
    id,
    name: "main",
    alarm: 5_000_000_000_000,
    entries: [{ key: "count", value: "{ n: 42 }" }],
    tables: [{ name: "visits", rows: 1 }],
    webSockets: [{ id: "s1", tags: ["room"] }],
  });
  expect(await views.run(descriptor, false, "rows", input({ id, table: "visits" }))).toEqual({
    table: "visits",
    columns: ["n"],
    rows: [[1]],
  });
  await expect(views.run(descriptor, false, "object", input({ id: "../../kv/ns" }))).rejects.toThrowErrorMatchingInlineSnapshot(
    `[ExplorerInputError: [kindling] "../../kv/ns" is not a Durable Object id (64 hex digits).]`,
  );
  await expect(views.run(descriptor, true, "put", input())).rejects.toThrowErrorMatchingInlineSnapshot(
    `[ExplorerInputError: [kindling] The explorer has no POST action "put" for durable_object_namespace binding COUNTER.]`,
  );
});
