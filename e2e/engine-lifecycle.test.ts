/**
 * Generations that end before their time (process.exit(), the memory limit) are replaced: their
 * in-flight work fails with the cause, the next request gets a fresh generation, Vite lives on.
 */
import fs from "node:fs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  // The fixture sets memoryLimit: 64 (MiB) and enables nodejs_compat.
  server = await startDevServer("lifecycle");
});
afterAll(() => server?.stop());

const text = async (pathname: string) => (await server.fetch(pathname)).text();
let markers = 0;

/** How often `line` appears in the output, once everything printed before this call has arrived. */
async function printed(line: string): Promise<number> {
  // The worker's console.error goes through Vite's stderr too: once the marker shows, earlier lines have.
  const marker = `marker-${++markers}`;
  await server.fetch(`/log?text=${marker}`);
  await server.waitForOutput(marker);
  return server.output().split(line).length - 1;
}

test("process.exit() in a handler fails the requests in flight with its name, and a fresh generation serves the next one", async () => {
  expect(await text("/counter")).toBe("1");
  expect(await text("/counter")).toBe("2");
  const inflight = server.fetch("/slow?ms=5000");
  const trigger = server.fetch("/cdn-cgi/handler/scheduled");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const exiting = await server.fetch("/exit?code=3");
  expect(exiting.status).toBe(500);
  const cause = "The worker called process.exit(3), which ended its generation. A fresh generation serves the next request.";
  expect(await exiting.text()).toContain(cause);
  for (const response of [await inflight, await trigger]) {
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(cause);
  }
  // Fresh module state (this request is the first of the new generation).
  expect(await text("/counter")).toBe("1");
  // One line in the terminal, not one per failed request.
  expect(await printed(cause)).toBe(1);
});

test("process.exit() outside any request (in a timer) replaces the generation too", async () => {
  await text("/counter");
  expect(await text("/exit-later?code=4")).toBe("exiting soon");
  await server.waitForOutput("The worker called process.exit(4)");
  expect(await text("/counter")).toBe("1");
  expect(await printed("process.exit(4)")).toBe(1);
});

test("a request allocating past memoryLimit gets production's wording, the next request is served, and Vite stays up", async () => {
  const rssBefore = rssMiB(server.pid);
  const cases = ["/alloc?mb=400", "/alloc-big?chunks=40", "/buffers?mb=400"];
  for (const pathname of cases) {
    const response = await server.fetch(pathname);
    expect(response.status, pathname).toBe(500);
    expect(await response.text(), pathname).toMatch(
      /\[kindling\] Worker exceeded memory limit: its generation used \d+ MiB, more than the 64 MiB allowed \(change it with the "memoryLimit" option of kindling\(\); production allows 128 MB\)\. A fresh generation serves the next request\./,
    );
    expect(await text("/")).toBe("v0");
    expect(await text("/counter")).toBe("2");
  }
  expect((await server.fetch("/@vite/client")).status).toBe(200);
  expect(await printed("Worker exceeded memory limit")).toBe(cases.length);
  console.log(
    `[memory limit] Vite's RSS before ${rssBefore} MiB, after ${cases.length} generations over the limit ${rssMiB(server.pid)} MiB`,
  );
});

test("a module that allocates past memoryLimit while it loads is an evaluation error until an edit fixes it", async () => {
  // 300 arrays of 1 MB each, far past the fixture's 64 MiB.
  const allocate = "const kept = [];\nfor (let i = 0; i < 300; i++) kept.push(new Array(131_072).fill(i + 0.5));\n";
  server.write("src/value.ts", allocate + "export const value = `v${kept.length}`;\n");
  await until(async () => (await server.fetch("/")).status === 500, 15_000, 100);
  expect(await text("/")).toContain("[kindling] Worker exceeded memory limit: its generation used ");
  expect(await text("/")).toContain(
    'more than the 64 MiB allowed (change it with the "memoryLimit" option of kindling(); production allows 128 MB) while its modules were evaluated. Fix the code and save: the next edit starts a new generation.',
  );
  server.write("src/value.ts", 'export const value = "v1";\n');
  await until(async () => (await text("/")) === "v1");
});

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024);
}
