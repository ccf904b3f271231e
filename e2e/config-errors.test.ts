/**
 * A config mistake reads as one clear message in vite's terminal, without stack frames: at startup
 * (vite exits with 1, as for any failed start) and on an edit while running (the last good
 * generation keeps serving).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterEach, expect, test } from "vitest";
import { copyFixture, startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const viteBin = path.resolve(fileURLToPath(import.meta.url), "../node_modules/vite/bin/vite.js");
const stackFrame = /^\s+at /m;

let server: DevServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Runs `vite dev` on a copy of the basic fixture with `files` written over it, until it exits. */
async function startAndExit(files: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const root = copyFixture("basic");
  for (const [file, content] of Object.entries(files)) {
    if (content === "<directory>") fs.mkdirSync(path.join(root, file));
    else fs.writeFileSync(path.join(root, file), content);
  }
  const child = spawn(process.execPath, [viteBin, "dev", "--port", "0", "--strictPort", "--host", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output: stripVTControlCharacters(output).replaceAll(root, "<root>") };
}

const wrangler = (config: object) =>
  JSON.stringify({ name: "basic", main: "src/index.ts", compatibility_date: "2026-11-01", ...config });

test("a wrangler config mistake at startup prints the messages alone and vite exits with 1", async () => {
  const { code, output } = await startAndExit({
    "wrangler.jsonc": wrangler({
      compatibility_flags: ["nodejs_compat", "no_nodejs_compat"],
      vars: { KV: "x" },
      kv_namespaces: [{ binding: "KV", bindng: "y" }],
    }),
  });
  expect(code).toBe(1);
  expect(output).not.toMatch(stackFrame);
  expect(output.trim()).toMatchInlineSnapshot(`
    "error when starting dev server:
    [kindling] wrangler.jsonc: "compatibility_flags" has both "nodejs_compat" and "no_nodejs_compat" (workerd: "Compatibility flags are mutually contradictory: nodejs_compat vs no_nodejs_compat"). Keep one of them.
    [kindling] wrangler.jsonc: "KV" names more than one binding: "kv_namespaces[0].binding" (KV Namespace) and "vars.KV" (Environment Variable). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.
    [kindling] wrangler.jsonc: "kv_namespaces[0].bindng" is not a field wrangler knows, and is ignored. Did you mean "binding"?"
  `);
});

test("a kindling() option out of range and a .dev.vars directory print the message alone too", async () => {
  const options = await startAndExit({
    "vite.config.ts":
      'import { kindling } from "@kindling/vite-plugin";\nexport default { plugins: [kindling({ drainTimeout: 2 ** 31 })] };\n',
  });
  expect(options.code).toBe(1);
  expect(options.output).not.toMatch(stackFrame);
  expect(options.output.trim()).toMatchInlineSnapshot(`
    "failed to load config from <root>/vite.config.ts
    error when starting dev server:
    [kindling] kindling() options: "drainTimeout" must be a whole number of milliseconds from 100 to 2147483647 (2^31-1, the longest delay Node's timers accept), got 2147483648."
  `);

  const devVars = await startAndExit({ ".dev.vars": "<directory>" });
  expect(devVars.code).toBe(1);
  expect(devVars.output).not.toMatch(stackFrame);
  expect(devVars.output.trim()).toMatchInlineSnapshot(`
    "error when starting dev server:
    [kindling] .dev.vars: <root>/.dev.vars is a directory, but local secrets are read from a file of KEY=value lines. Remove or rename the directory."
  `);
});

test("a config mistake saved while running is printed without frames; the last good generation keeps serving", async () => {
  server = await startDevServer("basic");
  expect(await (await server.fetch("/")).text()).toBe("entry-1 middle:v1");
  server.write("wrangler.jsonc", wrangler({ vars: { DB: "x" }, d1_databases: [{ binding: "DB", database_name: "db" }] }));
  await server.waitForOutput("config error");
  expect(await (await server.fetch("/")).text()).toBe("entry-1 middle:v1");
  const printed = server.output().slice(server.output().indexOf("config error"));
  expect(printed).not.toMatch(stackFrame);
  expect(printed).toContain(
    `config error: [kindling] wrangler.jsonc: "DB" names more than one binding: "d1_databases[0].binding" (D1 Database) and "vars.DB" (Environment Variable).`,
  );

  server.write("wrangler.jsonc", wrangler({ vars: { GREETING: "fixed" }, compatibility_flags: ["nodejs_compt"] }));
  await server.waitForOutput("generation 2 ready");
  expect(server.output()).toContain(`"compatibility_flags[0]" is "nodejs_compt", which workerd`);
  await until(async () => ((await (await server!.fetch("/env")).json()) as { GREETING: string }).GREETING === "fixed");
});
