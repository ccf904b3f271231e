/** Edits while `vite dev` runs: every change takes effect on the next request, without restarting Vite. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("basic");
});
afterAll(() => server?.stop());

const text = async (pathname: string) => (await server.fetch(pathname)).text();
/** Waits until `pathname` answers `expected`; requests keep flowing meanwhile. */
const untilText = (pathname: string, expected: string) => until(async () => (await text(pathname)) === expected);

test("an edit two modules below the entry shows on the next request, with fresh module state", async () => {
  for (let i = 0; i < 10; i++) await server.fetch("/counter");
  const before = Number(await text("/counter"));
  expect(before).toBeGreaterThanOrEqual(11);
  server.edit("src/lib/deep/value.ts", '"v1"', '"v2"');
  await untilText("/", "entry-1 middle:v2");
  // Once the new code answered, no request gets the old code again.
  for (let i = 0; i < 5; i++) expect(await text("/")).toBe("entry-1 middle:v2");
  // The new generation evaluated the module anew: its counter restarted (1 + 5 requests above, + this one).
  expect(await text("/counter")).toBe("7");
});

test("an edit of the entry module takes effect", async () => {
  server.edit("src/index.ts", '"entry-1"', '"entry-2"');
  await untilText("/", "entry-2 middle:v2");
});

test("editing a var in wrangler.jsonc starts a generation with the new value", async () => {
  server.edit("wrangler.jsonc", '"GREETING": "hello"', '"GREETING": "bonjour"');
  await until(async () => ((await (await server.fetch("/env")).json()) as { GREETING: string }).GREETING === "bonjour");
});

test("creating and editing .dev.vars overrides vars as secrets", async () => {
  server.write(".dev.vars", "SECRET=one\n");
  await until(async () => ((await (await server.fetch("/env")).json()) as { SECRET: string }).SECRET === "one");
  server.write(".dev.vars", "SECRET=two\nGREETING=from-dev-vars\n");
  await until(async () => {
    const env = (await (await server.fetch("/env")).json()) as { SECRET: string; GREETING: string };
    return env.SECRET === "two" && env.GREETING === "from-dev-vars";
  });
});

test("a slow request started before an edit finishes on the old code while new requests get the new code", async () => {
  await untilText("/", "entry-2 middle:v2");
  const slow = text("/slow?ms=1500");
  await new Promise((resolve) => setTimeout(resolve, 200));
  server.edit("src/lib/deep/value.ts", '"v2"', '"v3"');
  await untilText("/", "entry-2 middle:v3");
  expect(await slow).toBe("slow done middle:v2");
});

test("waitUntil work of a retired generation still completes", async () => {
  expect(await text("/wait-until?id=w1")).toBe("scheduled");
  server.edit("src/lib/deep/value.ts", '"v3"', '"v4"');
  await untilText("/", "entry-2 middle:v4");
  // The old generation's waitUntil fetched /__mark, which the new generation recorded.
  await until(async () => ((await (await server.fetch("/marks")).json()) as string[]).includes("mark:w1"));
});

test("a syntax error answers 500 with the error until an edit fixes it", async () => {
  server.write("src/lib/deep/value.ts", 'export const value = "v5" +;\n');
  await until(async () => (await server.fetch("/")).status === 500);
  const res = await server.fetch("/");
  expect(await res.text()).toMatch(/value\.ts/);
  await server.waitForOutput("basic: failed to load");
  server.write("src/lib/deep/value.ts", 'export const value = "v6";\n');
  await untilText("/", "entry-2 middle:v6");
});

test("an invalid wrangler config keeps the last good generation serving and reports the error", async () => {
  server.edit("wrangler.jsonc", '"main": "src/index.ts"', '"main": 42');
  await server.waitForOutput('wrangler.jsonc: "main" must be a string, got 42.');
  expect(await text("/")).toBe("entry-2 middle:v6");
  server.edit("wrangler.jsonc", '"main": 42', '"main": "src/index.ts"');
  server.edit("src/lib/deep/value.ts", '"v6"', '"v7"');
  await untilText("/", "entry-2 middle:v7");
});

test("50 reloads leave no extra threads behind", async () => {
  const entry = (await text("/")).split(" ")[0];
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = server.threadCount();
  for (let i = 0; i < 50; i++) {
    server.write("src/lib/deep/value.ts", `export const value = "r${i}";\n`);
    await untilText("/", `${entry} middle:r${i}`).catch(async (e) => {
      console.log(i, await text("/"), server.output());
      throw e;
    });
  }
  // Retiring generations end once drained; give the last ones a moment.
  let after = server.threadCount();
  await until(() => (after = server.threadCount()) <= before, 10_000, 100).catch(() => {});
  expect(after).toBeLessThanOrEqual(before);
  // 50 sequential edits: on two shared cores under load this takes 35-55 s, so it gets twice the default.
}, 120_000);
