/**
 * getPlatformProxy(): a Node.js script reaches the same bindings and state as a running `vite dev`
 * (KV, D1, vars, caches), both ways, and gets a clear error for what only the worker can run.
 */
import { getPlatformProxy, type PlatformProxy } from "@kindling/vite-plugin";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

// The parts of @cloudflare/workers-types' binding types these tests use.
interface Env {
  GREETING: string;
  KV: { put(key: string, value: string): Promise<void>; get(key: string): Promise<string | null> };
  DB: {
    exec(sql: string): Promise<unknown>;
    prepare(sql: string): { bind(...values: unknown[]): { run(): Promise<unknown> }; all<T>(): Promise<{ results: T[] }> };
  };
  COUNTER: { idFromName(name: string): unknown; get(id: unknown): { fetch(url: string): Promise<Response> } };
}

let server: DevServer;
let proxy: PlatformProxy<Env>;
beforeAll(async () => {
  server = await startDevServer("platform-proxy");
  // Beside the running dev server, on its state directory (which it holds the lock of).
  proxy = await getPlatformProxy<Env>({ root: server.root });
});
afterAll(async () => {
  await proxy?.dispose();
  await server?.stop();
});

test("env has the config's vars", () => {
  expect(proxy.env.GREETING).toBe("hello from vars");
});

test("a KV write from the script is what the dev server reads, and back", async () => {
  await proxy.env.KV.put("from-script", "written by the script");
  expect(await (await server.fetch("/kv?key=from-script")).text()).toBe("written by the script");

  await server.fetch("/kv?key=from-worker", { method: "PUT", body: "written by the worker" });
  expect(await proxy.env.KV.get("from-worker")).toBe("written by the worker");
});

test("a D1 seed from the script is what the dev server queries, and back", async () => {
  await proxy.env.DB.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
  await proxy.env.DB.prepare("INSERT INTO notes (text) VALUES (?), (?)").bind("seed one", "seed two").run();
  expect(await (await server.fetch("/notes")).json()).toEqual(["seed one", "seed two"]);

  await server.fetch("/notes", { method: "POST", body: "from the worker" });
  const { results } = await proxy.env.DB.prepare("SELECT text FROM notes ORDER BY id").all<{ text: string }>();
  expect(results.map((row) => row.text)).toEqual(["seed one", "seed two", "from the worker"]);
});

test("caches, ctx and cf have the Workers shape", async () => {
  const cache = await (proxy.caches as CacheStorage).open("script");
  await cache.put("https://example.com/a", new Response("cached", { headers: { "cache-control": "max-age=60" } }));
  expect(await (await cache.match("https://example.com/a"))?.text()).toBe("cached");
  expect(typeof proxy.ctx.waitUntil).toBe("function");
  expect(typeof proxy.ctx.passThroughOnException).toBe("function");
  expect(proxy.cf).toHaveProperty("colo");
});

test("a Durable Object runs only in the dev server: using one from the script says so", async () => {
  const stub = proxy.env.COUNTER.get(proxy.env.COUNTER.idFromName("a"));
  await expect(stub.fetch("https://counter/")).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: [kindling] The Durable Object "Counter" cannot be reached from getPlatformProxy() of the worker "platform-proxy": it runs only inside the dev server. Call it from the worker (a request to vite dev), or reach its data another way.]`,
  );
});

test("bad options name the option and the fix", async () => {
  await expect(getPlatformProxy({ persist: 3 } as never)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] getPlatformProxy() options: persist: expected a directory or false (got 3). See "getPlatformProxy" in Kindling's README.]`,
  );
  await expect(getPlatformProxy({ configFile: "wrangler.jsonc" } as never)).rejects.toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] getPlatformProxy() options: unknown option "configFile". Use only root, configPath, environment, persist (see "getPlatformProxy" in Kindling's README).]`,
  );
});
