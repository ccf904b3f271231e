/** A class default export, console output, pass-through, and hmr: false. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("class-entry");
});
afterAll(() => server?.stop());

test("a class extending WorkerEntrypoint gets this.env and this.ctx", async () => {
  expect(await (await server.fetch("/")).json()).toEqual({ who: "class", version: "one", props: {} });
});

test("with server.hmr false, an edit still starts a new generation", async () => {
  server.edit("src/version.ts", '"one"', '"two"');
  await until(async () => ((await (await server.fetch("/")).json()) as { version: string }).version === "two");
});

test("console output reaches the terminal, each line prefixed with the worker's name", async () => {
  await server.fetch("/log");
  await server.waitForOutput("[class-entry] hello from the worker");
  await server.waitForOutput("[class-entry] an error line\n[class-entry] second line");
});

test("passThroughOnException hands a throwing request to Vite's next middleware", async () => {
  const res = await server.fetch("/pass");
  expect(res.status).toBe(404); // Vite answers: no worker error page
  expect(await res.text()).not.toContain("falls through to Vite");
});

test("public/ files are served by Vite, not the worker", async () => {
  expect(await (await server.fetch("/static.txt")).text()).toBe("served by Vite from public/\n");
});

test("node: imports follow nodejs_compat, on by default from compatibility date 2026-08-04, as in production", async () => {
  const refused =
    '"node:fs" is a Node.js built-in module, available in Workers only with the "nodejs_compat" compatibility flag.';
  // 2026-11-01 without flags: on by date.
  expect(await (await server.fetch("/node")).text()).toBe("function");
  server.edit("wrangler.jsonc", '"compatibility_date": "2026-11-01",', '"compatibility_date": "2026-08-03",');
  await until(async () => (await server.fetch("/node")).status === 500);
  expect(await (await server.fetch("/node")).text()).toContain(`${refused} Add "nodejs_compat" to "compatibility_flags"`);
  server.edit("wrangler.jsonc", '"compatibility_date": "2026-08-03",', '"compatibility_date": "2026-11-01",');
  await until(async () => (await (await server.fetch("/node")).text()) === "function");
  server.edit(
    "wrangler.jsonc",
    '"compatibility_date": "2026-11-01",',
    '"compatibility_date": "2026-11-01", "compatibility_flags": ["no_nodejs_compat", "no_nodejs_compat_v2"],',
  );
  await until(async () => (await server.fetch("/node")).status === 500);
  expect(await (await server.fetch("/node")).text()).toContain(
    `${refused} Your wrangler config turns it off with "no_nodejs_compat" and "no_nodejs_compat_v2" in "compatibility_flags": remove them.`,
  );
  server.edit(
    "wrangler.jsonc",
    '"compatibility_date": "2026-11-01", "compatibility_flags": ["no_nodejs_compat", "no_nodejs_compat_v2"],',
    '"compatibility_date": "2026-11-01",',
  );
  await until(async () => (await (await server.fetch("/node")).text()) === "function");
});

test("a dependency in node_modules that imports cloudflare:workers loads (through the module runner)", async () => {
  server.write(
    "node_modules/workers-sdk-like/package.json",
    JSON.stringify({ name: "workers-sdk-like", type: "module", exports: "./index.js" }),
  );
  server.write(
    "node_modules/workers-sdk-like/index.js",
    'import { env, WorkerEntrypoint } from "cloudflare:workers";\nexport const who = () => `${env.WHO}:${typeof WorkerEntrypoint}`;\n',
  );
  server.write("src/version.ts", 'import { who } from "workers-sdk-like";\nexport const version = who();\n');
  await until(async () => ((await (await server.fetch("/")).json()) as { version: string }).version === "class:function");
});
