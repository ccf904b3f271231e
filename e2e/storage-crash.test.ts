/**
 * Durability: kill -9 of the Vite process group during a stream of KV and R2 writes loses no
 * acknowledged write and leaves no half-written value visible.
 */
import { createHash } from "node:crypto";
import { afterEach, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** Value i: a header naming i and its length, then deterministic bytes (small values inline, large in blob files). */
function value(i: number): string {
  const size = i % 2 === 0 ? 200 : 60_000;
  const body = createHash("sha256")
    .update(String(i))
    .digest("hex")
    .repeat(Math.ceil(size / 64))
    .slice(0, size);
  return `${i}:${size}:${body}`;
}

test("kill -9 during writes loses no acknowledged KV or R2 write", async () => {
  const server = await startDevServer("storage");
  servers.push(server);
  await server.fetch("/version");
  const acknowledged = new Set<number>();
  let next = 0;
  const run = { killed: false };
  const writer = async () => {
    while (!run.killed) {
      const i = next++;
      try {
        const kv = await server.fetch(`/kv?key=k${i}`, { method: "PUT", body: value(i) });
        const r2 = await server.fetch(`/r2?key=o${i}`, { method: "PUT", body: value(i) });
        if (kv.status === 200 && r2.status === 200) acknowledged.add(i);
      } catch {
        // the connection died with the server
      }
    }
  };
  const writers = Array.from({ length: 4 }, writer);
  while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 5));
  run.killed = true;
  await server.kill9();
  await Promise.all(writers);
  expect(next).toBeGreaterThan(acknowledged.size); // some writes were in flight when the process died

  const restarted = await startDevServer("storage", { root: server.root });
  servers.push(restarted);
  for (const i of acknowledged) {
    expect(await (await restarted.fetch(`/kv?key=k${i}`)).text()).toBe(value(i));
    expect(await (await restarted.fetch(`/r2?key=o${i}`)).text()).toBe(value(i));
  }
  // Whatever else is visible (written but not acknowledged) is whole, never half-written.
  const kvKeys = (await (await restarted.fetch("/kv-list?key=k")).json()) as string[];
  const r2Keys = (await (await restarted.fetch("/r2-list?key=o")).json()) as string[];
  expect(kvKeys.length).toBeGreaterThanOrEqual(acknowledged.size);
  for (const key of kvKeys) expect(await (await restarted.fetch(`/kv?key=${key}`)).text()).toBe(value(Number(key.slice(1))));
  for (const key of r2Keys) expect(await (await restarted.fetch(`/r2?key=${key}`)).text()).toBe(value(Number(key.slice(1))));
});
