/** KV, R2 and the Cache API under a real `vite dev`: state survives edits and restarts, keys never become paths. */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
async function start(root?: string): Promise<DevServer> {
  const server = await startDevServer("storage", { root });
  servers.push(server);
  return server;
}

const bytes = (size: number, seed: number) => new Uint8Array(size).map((_, i) => (i * 31 + seed) % 256);
const sha = (data: Uint8Array | ArrayBuffer) => createHash("sha256").update(new Uint8Array(data)).digest("hex");

async function text(server: DevServer, pathname: string): Promise<string> {
  const response = await server.fetch(pathname);
  return `${response.status} ${await response.text()}`;
}

test("KV, R2 and cache entries survive an edit (new generation) and a server restart", async () => {
  const server = await start();
  const boot = await text(server, "/boot");
  const blob = bytes(300_000, 7);
  expect(await text(server, "/kv?key=greeting")).toBe("404 missing");
  await server.fetch("/kv?key=greeting", { method: "PUT", body: "hello" });
  await server.fetch("/kv?key=big", { method: "PUT", body: "x".repeat(100_000) });
  await server.fetch("/r2?key=files/a.bin", { method: "PUT", body: blob, headers: { "content-type": "application/x-test" } });
  await server.fetch("/cache?key=page", { method: "PUT", body: "cached page" });

  // Writes under the state directory must not make Vite reload the worker.
  for (let i = 0; i < 10; i++) await server.fetch(`/kv?key=burst${i}`, { method: "PUT", body: String(i) });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await text(server, "/boot")).toBe(boot);
  expect(fs.existsSync(path.join(server.root, ".kindling/state/kv/local-kv.sqlite"))).toBe(true);
  expect(fs.existsSync(path.join(server.root, ".kindling/state/r2/local-bucket.sqlite"))).toBe(true);

  server.edit("src/index.ts", 'const version = "v1"', 'const version = "v2"');
  await until(async () => (await text(server, "/version")) === "200 v2", 20_000);
  expect(await text(server, "/boot")).not.toBe(boot);

  const check = async (s: DevServer) => {
    expect(await text(s, "/kv?key=greeting")).toBe("200 hello");
    expect(await text(s, "/kv?key=big")).toBe(`200 ${"x".repeat(100_000)}`);
    const object = await s.fetch("/r2?key=files/a.bin");
    expect(object.headers.get("content-type")).toBe("application/x-test");
    expect(sha(await object.arrayBuffer())).toBe(sha(blob));
    expect(await text(s, "/r2-list?key=files/")).toBe('200 ["files/a.bin"]');
    const cached = await s.fetch("/cache?key=page");
    expect([cached.headers.get("x-status"), await cached.text()]).toEqual(["HIT", "cached page"]);
  };
  await check(server);

  await server.stop();
  const restarted = await start(server.root);
  expect(await text(restarted, "/version")).toBe("200 v2");
  await check(restarted);
});

test("keys like ../../etc/passwd stay data: blobs are named by id inside the state directory", async () => {
  const server = await start();
  const evil = ["../../etc/passwd", "../../../../../tmp/kindling-escape", "/abs/../../x", "..\\..\\win"];
  for (const key of evil) {
    const q = encodeURIComponent(key);
    expect((await server.fetch(`/r2?key=${q}`, { method: "PUT", body: bytes(50_000, 1) })).status).toBe(200);
    expect((await server.fetch(`/kv?key=${q}`, { method: "PUT", body: "y".repeat(40_000) })).status).toBe(200);
  }
  for (const key of evil) {
    const q = encodeURIComponent(key);
    expect(sha(await (await server.fetch(`/r2?key=${q}`)).arrayBuffer())).toBe(sha(bytes(50_000, 1)));
    expect(await text(server, `/kv?key=${q}`)).toBe(`200 ${"y".repeat(40_000)}`);
  }
  const state = path.join(server.root, ".kindling/state");
  const files = fs.readdirSync(state, { recursive: true }).map(String);
  const blobs = files.filter((file) => /\.blobs\/./.test(file));
  expect(blobs).toHaveLength(evil.length * 2);
  for (const file of blobs) expect(file).toMatch(/^(kv\/local-kv|r2\/local-bucket)\.blobs\/[0-9a-f]{32}$/);
  // Nothing appeared next to the state directory or in the project.
  expect(fs.readdirSync(path.join(server.root, ".kindling"))).toEqual(["state"]);
  expect(fs.existsSync(path.join(server.root, "etc"))).toBe(false);
  expect(fs.existsSync("/tmp/kindling-escape")).toBe(false);
});
