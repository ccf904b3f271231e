import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-config-"));
  dirs.push(root);
  for (const [name, content] of Object.entries({ "src/index.ts": "export default {}", ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message.replaceAll(dirs.at(-1)!, "<root>");
  }
  throw new Error("expected an error");
};

test("reads wrangler.jsonc with comments and trailing commas", () => {
  const root = project({
    "wrangler.jsonc": `{
      // comment
      "name": "app",
      "main": "src/index.ts",
      "compatibility_date": "2025-01-31",
      "compatibility_flags": ["nodejs_compat"],
      "vars": { "A": "1", "OBJ": { "x": 1 } },
    }`,
  });
  const config = resolveWorkerConfig({ root });
  expect(config).toMatchObject({
    name: "app",
    main: path.join(root, "src/index.ts"),
    compatibilityDate: "2025-01-31",
    compatibilityFlags: ["nodejs_compat"],
    vars: { A: "1", OBJ: { x: 1 } },
    warnings: [],
  });
});

test("prefers wrangler.jsonc over wrangler.json over wrangler.toml, and reads TOML", () => {
  const root = project({
    "wrangler.toml": 'name = "from-toml"\nmain = "src/index.ts"\n[vars]\nA = "t"\n',
  });
  expect(resolveWorkerConfig({ root }).name).toBe("from-toml");
  fs.writeFileSync(path.join(root, "wrangler.json"), JSON.stringify({ name: "from-json", main: "src/index.ts" }));
  expect(resolveWorkerConfig({ root }).name).toBe("from-json");
});

test("CLOUDFLARE_ENV selects env.<name>: vars are not inherited, main is", () => {
  const root = project({
    "wrangler.jsonc": JSON.stringify({
      name: "app",
      main: "src/index.ts",
      vars: { A: "top", B: "top" },
      env: { staging: { vars: { A: "staging" } } },
    }),
  });
  const config = resolveWorkerConfig({ root, envName: "staging" });
  expect(config.name).toBe("app-staging");
  expect(config.vars).toEqual({ A: "staging" });
  expect(config.main).toBe(path.join(root, "src/index.ts"));
});

test(".dev.vars overrides vars; .dev.vars.<env> wins over .dev.vars; .env is used only without .dev.vars", () => {
  const root = project({
    "wrangler.jsonc": JSON.stringify({ main: "src/index.ts", vars: { A: "var", B: "var" }, env: { prod: {} } }),
    ".env": "A=dotenv\nC=dotenv\n",
  });
  expect(resolveWorkerConfig({ root }).vars).toEqual({ A: "dotenv", B: "var", C: "dotenv" });
  fs.writeFileSync(path.join(root, ".dev.vars"), "A=devvars\n");
  expect(resolveWorkerConfig({ root }).vars).toEqual({ A: "devvars", B: "var" });
  fs.writeFileSync(path.join(root, ".dev.vars.prod"), "A=prod\n");
  expect(resolveWorkerConfig({ root, envName: "prod" }).vars).toEqual({ A: "prod" });
});

test("unknown keys give a one-line warning each; deploy-only keys are accepted silently", () => {
  const root = project({
    "wrangler.jsonc": JSON.stringify({ main: "src/index.ts", account_id: "x", ai: { binding: "AI" } }),
  });
  expect(resolveWorkerConfig({ root }).warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: env.AI (Workers AI, "ai") cannot run locally; using it throws an error that says why.",
    ]
  `);
});

test("a wrong type names the file, the key path, what was expected and what was found", () => {
  const root = project({ "wrangler.jsonc": JSON.stringify({ main: 42 }) });
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "main" must be a string, got 42."`,
  );
});

test("nested mistakes name the full path", () => {
  const root = project({
    "wrangler.jsonc": JSON.stringify({
      main: "src/index.ts",
      compatibility_flags: ["ok", 3],
      env: { staging: { vars: "nope" } },
    }),
  });
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(`
    "[kindling] wrangler.jsonc: "compatibility_flags[1]" must be a string, got 3.
    [kindling] wrangler.jsonc: "env.staging.vars" must be an object, got "nope"."
  `);
});

test('a "main" without a module extension is a module specifier for Vite (a package export, a virtual module)', () => {
  const root = project({ "wrangler.jsonc": JSON.stringify({ main: "@tanstack/react-start/server-entry" }) });
  expect(resolveWorkerConfig({ root }).main).toBe("@tanstack/react-start/server-entry");
  const withFile = project({ "wrangler.jsonc": JSON.stringify({ main: "./src/index.ts" }) });
  expect(resolveWorkerConfig({ root: withFile }).main).toBe(path.join(withFile, "src/index.ts"));
});

test("a missing main file says which path was tried", () => {
  const root = project({ "wrangler.jsonc": JSON.stringify({ main: "src/nope.ts" }) });
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "main" is "src/nope.ts", but <root>/src/nope.ts does not exist. Fix the path in wrangler.jsonc."`,
  );
});

test("invalid JSON and TOML give the file, line and column", () => {
  const root = project({ "wrangler.jsonc": '{\n  "main": "src/index.ts",\n  oops\n}' });
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc:3:3: invalid JSON (InvalidSymbol)."`,
  );
  const tomlRoot = project({ "wrangler.toml": 'main = "src/index.ts"\nname = \n' });
  expect(errorOf(() => resolveWorkerConfig({ root: tomlRoot }))).toMatch(/^\[kindling\] wrangler\.toml:2:\d+: invalid TOML/);
});

test("an unknown CLOUDFLARE_ENV lists the defined environments", () => {
  const root = project({ "wrangler.jsonc": JSON.stringify({ main: "src/index.ts", env: { a: {}, b: {} } }) });
  expect(errorOf(() => resolveWorkerConfig({ root, envName: "c" }))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: CLOUDFLARE_ENV is "c", but there is no "env.c" section (defined: "a", "b")."`,
  );
});

test("no config file at all says where it looked", () => {
  const root = project({});
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] No wrangler config found in <root> (looked for wrangler.jsonc, wrangler.json, wrangler.toml). Create one, or point kindling({ configPath }) at yours."`,
  );
});
