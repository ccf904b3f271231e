/** abortIsolate() and requests stuck in synchronous code: the generation ends, Vite stays up. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  // The fixture sets cpuTimeLimit: 1_500 ms and drainTimeout: 2_500 ms.
  server = await startDevServer("basic");
});
afterAll(() => server?.stop());

const text = async (pathname: string) => (await server.fetch(pathname)).text();

test("abortIsolate fails every in-flight request with the reason, and the next request gets fresh module state", async () => {
  for (let i = 0; i < 5; i++) await server.fetch("/counter");
  expect(Number(await text("/counter"))).toBeGreaterThanOrEqual(6);
  const inflight = [server.fetch("/slow?ms=5000"), server.fetch("/slow?ms=5000")];
  await new Promise((resolve) => setTimeout(resolve, 200));
  const aborting = await server.fetch("/abort?reason=database%20is%20gone");
  expect(aborting.status).toBe(500);
  expect(await aborting.text()).toContain("database is gone");
  for (const response of await Promise.all(inflight)) {
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("abortIsolate() was called: database is gone");
  }
  expect(await text("/counter")).toBe("1");
  expect(await text("/")).toBe("entry-1 middle:v1");
});

test("a request stuck in synchronous code is cut off, Vite keeps serving, and a fresh generation takes over", async () => {
  const stuck = server.fetch("/spin");
  // While the generation spins, Vite's main thread still answers its own files.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const vite = await server.fetch("/@vite/client");
  expect(vite.status).toBe(200);
  const response = await stuck;
  expect(response.status).toBe(500);
  expect(await response.text()).toContain("exceeded CPU time limit");
  expect(await text("/")).toBe("entry-1 middle:v1");
  await server.waitForOutput("exceeded CPU time limit");
});

test("a request that awaits I/O for longer than the CPU limit is not cut off", async () => {
  const response = await server.fetch("/slow?ms=2500");
  expect(await response.text()).toBe("slow done middle:v1");
});

test("a module that blocks at top level is reported as an evaluation error and fixed by an edit", async () => {
  server.edit("src/lib/deep/value.ts", 'export const value = "v1";', 'while (Date.now() > 0) {}\nexport const value = "v1";');
  await until(async () => (await server.fetch("/")).status === 500, 15_000, 100);
  server.write("src/lib/deep/value.ts", 'export const value = "v2";\n');
  await until(async () => (await text("/")) === "entry-1 middle:v2");
});

test("a request still running past the drain timeout after an edit gets a 500 naming the timeout", async () => {
  const stuck = server.fetch("/slow?ms=8000");
  await new Promise((resolve) => setTimeout(resolve, 200));
  server.write("src/lib/deep/value.ts", 'export const value = "v3";\n');
  await until(async () => (await text("/")) === "entry-1 middle:v3");
  const response = await stuck; // the fixture sets drainTimeout: 2_500 ms
  expect(response.status).toBe(500);
  expect(await response.text()).toContain('drain timeout; change it with the "drainTimeout" option');
});
