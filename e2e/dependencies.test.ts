/**
 * Dependencies in node_modules run in the worker's environment as production's build runs them:
 * pre-bundled by Vite's optimizer with workerd's conditions, their Node built-ins (an ESM import or
 * a CommonJS require) served by the worker's own nodejs_compat, never the dev server's filesystem,
 * environment or process; without nodejs_compat refused as in user code. Packages come from the
 * fixture's `vendor/`, laid out as pnpm installs them (symlinks into `node_modules/.pnpm`).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  const root = copyFixture("dependencies");
  installVendored(root);
  server = await startDevServer("dependencies", { root, env: { KINDLING_E2E_DEP_HOST_VAR: "from-the-host" } });
});
afterAll(() => server?.stop());

/** Each vendored package in pnpm's layout: `node_modules/<name>` links to `.pnpm/<name>@1.0.0/node_modules/<name>`, its own dependencies beside it. */
function installVendored(root: string): void {
  const vendor = path.join(root, "vendor");
  const store = path.join(root, "node_modules", ".pnpm");
  const nested: Record<string, string[]> = { "outer-pkg": ["inner-cond"] };
  const names = fs.readdirSync(vendor);
  for (const name of names)
    fs.cpSync(path.join(vendor, name), path.join(store, `${name}@1.0.0`, "node_modules", name), { recursive: true });
  for (const name of names) {
    for (const dependency of nested[name] ?? []) {
      const from = path.join(store, `${name}@1.0.0`, "node_modules", dependency);
      fs.symlinkSync(path.join(store, `${dependency}@1.0.0`, "node_modules", dependency), from);
    }
    // inner-cond is only reachable from outer-pkg, as pnpm keeps undeclared packages out of the root.
    if (name !== "inner-cond")
      fs.symlinkSync(path.join(store, `${name}@1.0.0`, "node_modules", name), path.join(root, "node_modules", name));
  }
}

const hostView = async (pkg: "esm" | "cjs") => {
  const file = path.join(server.root, "wrangler.jsonc");
  const response = await server.fetch(`/${pkg}?file=${encodeURIComponent(file)}`);
  return { status: response.status, body: JSON.stringify(await response.json()).replaceAll(file, "<project>/wrangler.jsonc") };
};

test("a dependency's import of node:fs and its process are the worker's: no host file, variable or directory", async () => {
  expect(await hostView("esm")).toMatchInlineSnapshot(`
    {
      "body": "{"etcHostname":{"refused":"Error: no such file or directory, readAll '/etc/hostname'"},"projectFile":{"refused":"Error: no such file or directory, readAll '<project>/wrangler.jsonc'"},"hostVariable":null,"cwd":"/bundle"}",
      "status": 200,
    }
  `);
});

test("a CommonJS dependency's require('fs') and its Buffer and process globals are the worker's", async () => {
  expect(await hostView("cjs")).toMatchInlineSnapshot(`
    {
      "body": "{"etcHostname":{"refused":"Error: no such file or directory, readAll '/etc/hostname'"},"projectFile":{"refused":"Error: no such file or directory, readAll '<project>/wrangler.jsonc'"},"hostVariable":null,"buffer":"6869"}",
      "status": 200,
    }
  `);
});

test("a nested import picks the workerd export condition; a dependency's .wasm is a compiled module", async () => {
  const body = await (await server.fetch("/")).json();
  expect(body).toMatchObject({
    condition: "workerd",
    wasm: 42,
    globals: { process: "object", Buffer: "function", setImmediate: "function" },
    version: "v1",
  });
});

test("an edit of the worker's code starts every dependency's module state again, as a new isolate does", async () => {
  const first = (await (await server.fetch("/")).json()) as { count: number };
  const second = (await (await server.fetch("/")).json()) as { count: number };
  expect(second.count).toBe(first.count + 1);
  server.edit("src/index.js", 'version: "v1"', 'version: "v2"');
  const after = await until(async () => {
    const body = (await (await server.fetch("/")).json()) as { count: number; version: string };
    return body.version === "v2" && body;
  }, 30_000);
  expect(after.count).toBe(1);
});

test("a dependency first imported by an edit is optimized without failing a request in flight, and the next generation sees one bundle", async () => {
  const inFlight = server.fetch("/slow?ms=1500");
  server.edit(
    "src/index.js",
    'import { add } from "wasm-pkg";',
    'import { add } from "wasm-pkg";\nimport { late, lateNext } from "./late.js";',
  );
  server.edit("src/index.js", 'version: "v2"', "version: late, sameCounter: lateNext === next");
  const after = await until(async () => {
    const body = (await (await server.fetch("/")).json()) as { version: string };
    return body.version === "found later" && body;
  }, 30_000);
  // Bundling late-pkg moved counter-pkg into a shared chunk: Vite's full reload became a new generation.
  expect(server.output()).toContain("optimized dependencies changed. reloading");
  // counter-pkg, imported by the worker and by the new dependency, is one module instance, as in one bundle.
  expect(after).toMatchObject({ condition: "workerd", wasm: 42, sameCounter: true });
  const slow = await inFlight;
  expect(slow.status).toBe(200);
  expect(await slow.json()).toMatchObject({ count: expect.any(Number) });
});

test("without nodejs_compat a dependency's Node.js import is refused as the worker's own would be, and it sees none of Node's globals", async () => {
  server.edit("wrangler.jsonc", '"compatibility_flags": ["nodejs_compat"],', "");
  await until(async () => (await hostView("esm")).body.includes("failed"), 30_000);
  expect(await hostView("esm")).toMatchInlineSnapshot(`
    {
      "body": "{"failed":"Error: [kindling] \\"node:fs\\" is a Node.js built-in module, available in Workers only with the \\"nodejs_compat\\" compatibility flag. Add \\"nodejs_compat\\" to \\"compatibility_flags\\" in your wrangler config, or set \\"compatibility_date\\" to 2026-08-04 or later, when it is on by default."}",
      "status": 200,
    }
  `);
  // The bundle names the built-in as the package required it ("fs") or as another of its modules imported it ("node:fs").
  const cjs = await hostView("cjs");
  expect(cjs.body.replace('\\"fs\\"', '\\"node:fs\\"')).toBe((await hostView("esm")).body);
  const body = (await (await server.fetch("/")).json()) as { globals: unknown };
  expect(body.globals).toEqual({ process: "undefined", Buffer: "undefined", setImmediate: "undefined" });
});
