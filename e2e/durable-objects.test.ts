/** Durable Objects under `vite dev`: RPC, one instance per id across reloads, storage, alarms. */
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("durable-objects");
});
afterAll(() => server?.stop());

const json = async <T = unknown>(pathname: string): Promise<T> => {
  const response = await server.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
};
interface Stats {
  n: number;
  constructions: number;
  overlaps: number;
  version: string;
}

test("many concurrent increments through RPC lose no update", async () => {
  const results = await Promise.all(Array.from({ length: 100 }, () => json<number>("/inc?name=concurrent")));
  expect(results.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  expect(await json<Stats>("/stats?name=concurrent")).toMatchObject({ n: 100, constructions: 1, overlaps: 0 });
});

test("RPC passes a callback function and an RpcTarget, returns an RpcTarget, reads a property", async () => {
  expect(await json("/rpc")).toEqual({ doubled: 42, greeting: "hello bob", added: 6, label: "counter v1" });
});

test("errors cross RPC with name, message, stack, cause and custom properties", async () => {
  expect(await json("/error")).toEqual({
    name: "RangeError",
    isRangeError: true,
    message: "bad value",
    code: "E_BAD",
    details: { limit: 3 },
    cause: { name: "TypeError", message: "root cause" },
    stackNamesMethod: true,
  });
});

test("await stub and JSON.stringify(stub) send no RPC call", async () => {
  expect(await json("/await-stub")).toEqual({ same: true, json: "{}", thenCalls: 0 });
});

test("arguments are cloned; a value RPC cannot carry is rejected with workerd's error", async () => {
  expect(await json("/clone")).toEqual({ date: true, map: 1, bytes: [1, 2], copied: true });
  expect(await json("/not-serializable")).toMatchInlineSnapshot(`
    [
      "DataCloneError: Could not serialize object of type "NotSerializable". This type does not support serialization.",
      "function",
      "TypeError: The RPC receiver does not implement the method "missing".",
    ]
  `);
});

test("blockConcurrencyWhile holds calls that arrive meanwhile until it settles", async () => {
  expect(await json("/block?name=block")).toEqual(["block-start", "block-end", "a", "b"]);
});

test("an object calls itself and another object through stubs without deadlock", async () => {
  expect(await json("/self?name=self")).toEqual({ self: 10, other: 100 });
});

test("ids: deterministic names, validation with Cloudflare's errors", async () => {
  const ids = await json<Record<string, unknown>>("/ids");
  expect(ids.hex).toMatch(/^[0-9a-f]{64}$/);
  expect(ids).toMatchObject({ same: true, name: "x", roundTrip: true, uniqueDiffers: true, stubName: "x" });
  expect(ids.errors).toEqual([
    "TypeError: Invalid Durable Object ID: must be 64 hex digits",
    "TypeError: Durable Object ID is not valid for this namespace.",
  ]);
});

test("stub.fetch reaches the object's fetch handler", async () => {
  expect(await (await server.fetch("/fetch?name=fetcher")).text()).toBe("fetch POST /path payload from fetcher counter");
});

test("a WebSocket accepted in an object's fetch reaches the client through the worker", async () => {
  const socket = new WebSocket(server.url.replace("http", "ws") + "/ws?name=sock");
  const messages: string[] = [];
  socket.on("message", (data) => messages.push(data.toString()));
  await new Promise((resolve, reject) => (socket.once("open", resolve), socket.once("error", reject)));
  socket.send("ping");
  socket.send("pong");
  await until(() => messages.length === 2);
  expect(messages).toEqual(["sock v1: ping", "sock v1: pong"]);
  socket.close();
});

test("SQL API on a SQLite class; a key-value class gets Cloudflare's error", async () => {
  await json("/sql?name=sql&q=" + encodeURIComponent("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'one')"));
  expect(await json("/sql?name=sql&q=" + encodeURIComponent("SELECT * FROM t WHERE a = ?") + "&b=1")).toEqual([
    { a: 1, b: "one" },
  ]);
  expect(await json("/plain-sql")).toMatchInlineSnapshot(
    `"SQL is not enabled for this Durable Object class. To enable it, change \`new_classes\` to \`new_sqlite_classes\` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. If using workerd directly,set \`enableSql = true\` in your workerd config for the class. Note that this change cannot be made after the class is already deployed to production."`,
  );
});

test("ctx.abort() fails the call and resets the object; the next call constructs it again", async () => {
  expect(await json("/abort?name=aborted")).toEqual({ error: "reset on purpose", constructionsBefore: 1, constructionsAfter: 2 });
});

test("a reload in the middle of a stream of calls never makes two instances and loses no write", async () => {
  let ok = 0;
  const failures: string[] = [];
  const stream = { stop: false };
  const worker = async () => {
    while (!stream.stop) {
      const response = await server.fetch("/inc?name=reload");
      if (response.status === 200) ok++;
      else failures.push(`${response.status} ${await response.text()}`);
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  for (const version of ["v2", "v3"]) {
    await until(() => ok >= 40 * (version === "v2" ? 1 : 3), 20_000);
    server.write("src/version.ts", `export const version = "${version}";\n`);
    await until(async () => (await json<Stats>("/stats?name=reload")).version === version, 20_000);
  }
  await until(() => ok >= 200, 20_000);
  stream.stop = true;
  await Promise.all(workers);
  expect(failures).toEqual([]);
  const stats = await json<Stats>("/stats?name=reload");
  expect(stats.n).toBe(ok);
  expect(stats.overlaps).toBe(0);
  // Constructed once per generation that hosted it: v1, v2, v3.
  expect(stats.constructions).toBe(3);
});

test("an alarm set, then an edit: it fires once, in the new code", async () => {
  await json("/alarm?name=alarm-edit&in=1500");
  server.write("src/version.ts", `export const version = "v4";\n`);
  await until(async () => (await json<Stats>("/stats?name=other")).version === "v4", 20_000);
  await until(async () => (await json<unknown[]>("/fired?name=alarm-edit")).length > 0, 10_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await json("/fired?name=alarm-edit")).toEqual([{ version: "v4", retryCount: 0 }]);
});

test("deleteAll() deletes the alarm with the data (compatibility date 2026-11-01, after 2026-02-24)", async () => {
  expect(await json("/delete-all?name=delete-all")).toEqual({ before: true, alarm: null, key: null });
});

test("a throwing alarm is retried with isRetry and retryCount", async () => {
  await server.fetch("/fail-alarms?name=retry&times=1");
  await json("/alarm?name=retry&in=50");
  await until(async () => (await json<unknown[]>("/fired?name=retry")).length >= 2, 10_000);
  expect(await json("/fired?name=retry")).toEqual([
    { version: "v4", retryCount: 0 },
    { version: "v4", retryCount: 1 },
  ]);
  await server.waitForOutput("alarm failed on purpose");
});

test("an alarm set, then a restart of vite dev: it fires after the restart", async () => {
  await json("/alarm?name=alarm-restart&in=2500");
  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  server = await startDevServer("durable-objects", { root: server.root });
  // Nothing is requested from the object: the host fires the missed alarm at start-up.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await json("/fired?name=alarm-restart")).toEqual([{ version: "v4", retryCount: 0 }]);
});

test("a bound class the entry does not export fails the generation with a clear error", async () => {
  server.edit("src/index.ts", "export { Counter, PlainObject }", "export { PlainObject }");
  await until(async () => (await server.fetch("/stats")).status === 500, 20_000);
  expect(await (await server.fetch("/stats")).text()).toContain(
    `[kindling] The Durable Object binding "COUNTER" uses class "Counter", but the worker's entry does not export it.`,
  );
  server.edit("src/index.ts", "export { PlainObject }", "export { Counter, PlainObject }");
  await until(async () => (await server.fetch("/stats")).status === 200, 20_000);
});
