import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { connectHmr, type HmrClient, type HmrMessage } from "./helpers/hmr-client.js";

let server: DevServer | undefined;
let hmr: HmrClient[] = [];
afterEach(async () => {
  for (const client of hmr) client.close();
  hmr = [];
  await server?.stop();
  server = undefined;
});

async function start(files?: Record<string, string>): Promise<DevServer> {
  server = await startDevServer("browser", { files });
  return server;
}

async function connect(dev: DevServer): Promise<HmrClient> {
  const client = await connectHmr(dev);
  hmr.push(client);
  return client;
}

const isError = (message: HmrMessage) => message.type === "error";
const errOf = (message: HmrMessage) => message.err as { message: string; stack: string; loc?: { file: string; line: number } };
const count = (text: string, part: string) => text.split(part).length - 1;

test("a request error answers 500 with the message and the source-mapped stack as plain text", async () => {
  const dev = await start();
  const response = await dev.fetch("/throw");
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  expect((await response.text()).replaceAll(dev.root, "<root>")).toMatchInlineSnapshot(`
    "no user named nobody
      File: <root>/src/routes/throw.ts:12:9
      10 |  
      11 |  function findUser(name: string): User {
      12 |    throw new Error(\`no user named \${name}\`);
         |          ^
      13 |  }
      14 |  
        at findUser (<root>/src/routes/throw.ts:12:9)
        at failingRoute (<root>/src/routes/throw.ts:7:16)
        at Object.fetch (<root>/src/index.ts:13:16)
    "
  `);
});

test("a failed navigation gets an HTML page that opens Vite's overlay", async () => {
  const dev = await start();
  const response = await dev.fetch("/throw", { headers: { accept: "text/html,application/xhtml+xml" } });
  expect(response.status).toBe(500);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const html = await response.text();
  expect(html).toContain('await import("/@vite/client")');
  expect(html).toContain('"loc":{"file":"' + dev.root + '/src/routes/throw.ts","line":12,"column":9}');
  expect(html).toContain("<title>Error: no user named nobody</title>");
});

test("an error hit by many requests is printed once per generation", async () => {
  const dev = await start();
  for (let i = 0; i < 5; i++) expect((await dev.fetch("/throw")).status).toBe(500);
  const header = "[kindling] browser: request error: no user named nobody";
  await dev.waitForOutput("the same request error again");
  expect(count(dev.output(), header)).toBe(1);
  expect(count(dev.output(), "the same request error again")).toBe(1);
  expect(dev.output()).toContain("File: src/routes/throw.ts:12:9");
  expect(dev.output()).toContain("12 |    throw new Error(`no user named ${name}`);");

  dev.edit("src/lib/deep/text.ts", "text v1", "text v2");
  await dev.waitForOutput("generation 2 ready");
  await dev.fetch("/throw");
  await until(() => count(dev.output(), header) >= 2);
  await dev.fetch("/throw");
  expect(count(dev.output(), header)).toBe(2);
});

test("open pages get the overlay payload of a request error, pointing at the user's line", async () => {
  const dev = await start();
  const page = await connect(dev);
  await page.next((m) => m.type === "connected");
  expect((await dev.fetch("/reject")).status).toBe(500);
  const err = errOf(await page.next(isError));
  expect(err.message).toBe("RangeError: rejected after an await");
  expect(err.loc).toEqual({ file: `${dev.root}/src/index.ts`, line: 16, column: 15 });
  expect(err.stack).toBe(`    at Object.fetch (${dev.root}/src/index.ts:16:15)`);
});

test("errors outside a request are reported like request errors and the server keeps serving", async () => {
  const dev = await start();
  const page = await connect(dev);
  for (const kind of ["wait-until", "unhandled", "uncaught"]) {
    expect(await (await dev.fetch(`/background?kind=${kind}`)).text()).toBe(`scheduled ${kind}`);
  }
  await dev.waitForOutput("error in ctx.waitUntil(): rejected in waitUntil");
  await dev.waitForOutput("unhandled promise rejection: nobody awaited this");
  await dev.waitForOutput("uncaught exception: TypeError: thrown from a timer");
  expect(dev.output()).toContain("at explode (src/routes/background.ts:16:9)");
  await page.next((m) => isError(m) && errOf(m).message === "TypeError: thrown from a timer");
  expect(await (await dev.fetch("/")).text()).toContain("text v1");
});

test("the latest evaluation error is replayed to pages that connect later, until a fix", async () => {
  const dev = await start();
  expect((await dev.fetch("/")).status).toBe(200);
  const early = await connect(dev);
  dev.write("src/lib/deep/text.ts", 'export const text = "broken;\n');
  await dev.waitForOutput("[kindling] browser: failed to load");
  await early.next(isError);

  const late = await connect(dev);
  const replayed = errOf(await late.next(isError));
  expect(replayed.loc).toEqual({ file: `${dev.root}/src/lib/deep/text.ts`, line: 1, column: 21 });
  expect(replayed.message).toContain("Unterminated string");

  dev.write("src/lib/deep/text.ts", 'export const text = "fixed";\n');
  await early.next((m) => m.type === "full-reload");
  const afterFix = await connect(dev);
  // Vite sends "connected" after the connect listeners ran: a replay would have come first.
  await afterFix.next((m) => m.type === "connected");
  expect(afterFix.messages.filter(isError)).toEqual([]);
});

test("reloadOnChange: false keeps open pages as they are after a change", async () => {
  const dev = await start({
    "vite.config.ts": `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";
export default defineConfig({ plugins: [kindling({ persist: false, reloadOnChange: false })] });
`,
  });
  expect((await dev.fetch("/")).status).toBe(200);
  const page = await connect(dev);
  dev.edit("src/lib/deep/text.ts", "text v1", "text v2");
  await dev.waitForOutput("generation 2 ready");
  expect(await (await dev.fetch("/")).text()).toContain("text v2");
  // Messages arrive in order: the error of a later request proves no full-reload was sent before it.
  await dev.fetch("/throw");
  await page.next(isError);
  expect(page.messages.map((m) => m.type)).not.toContain("full-reload");
});

test("a broken wrangler config shows its error while the last good generation keeps serving", async () => {
  const dev = await start();
  expect(await (await dev.fetch("/")).text()).toContain("text v1");
  const page = await connect(dev);
  dev.edit("wrangler.jsonc", '"main": "src/index.ts"', '"main": 42');
  const err = errOf(await page.next(isError));
  expect(err.message).toMatchInlineSnapshot(`"[kindling] wrangler.jsonc: "main" must be a string, got 42."`);
  expect(err.stack).toBe("");
  expect(await (await dev.fetch("/")).text()).toContain("text v1");

  const late = await connect(dev);
  expect(errOf(await late.next(isError)).message).toBe(err.message);
  dev.edit("wrangler.jsonc", '"main": 42', '"main": "src/index.ts"');
  await page.next((m) => m.type === "full-reload");
});
