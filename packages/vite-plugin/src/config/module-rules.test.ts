import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { globToRegExp, matchModuleRule, resolveModuleRules } from "./module-rules.js";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

const typeOf = (rules: ReturnType<typeof resolveModuleRules>, file: string) => matchModuleRule(rules, file)?.type;

describe("resolveModuleRules", () => {
  test("wrangler's defaults: .wasm (also ?module), .bin, .txt/.html/.sql; JavaScript is left to Vite", () => {
    const rules = resolveModuleRules();
    expect(
      ["a.wasm", "a.wasm?module", "lib/a.bin", "a.txt", "deep/er/a.html", "a.sql", "a.js", "a.md"].map((f) => typeOf(rules, f)),
    ).toEqual(["CompiledWasm", "CompiledWasm", "Data", "Text", "Text", "Text", undefined, undefined]);
  });

  test("a config rule with fallthrough adds to the defaults of its type; without it, replaces them", () => {
    const adds = resolveModuleRules([{ type: "Text", globs: ["**/*.md"], fallthrough: true }]);
    expect([typeOf(adds, "notes.md"), typeOf(adds, "a.txt")]).toEqual(["Text", "Text"]);
    const replaces = resolveModuleRules([{ type: "Text", globs: ["**/*.md"] }]);
    expect([typeOf(replaces, "notes.md"), typeOf(replaces, "a.txt"), typeOf(replaces, "a.bin")]).toEqual([
      "Text",
      undefined,
      "Data",
    ]);
    expect(replaces.map((rule) => rule.fromConfig)).toEqual([true, false, false]);
  });

  test("the first matching rule wins: a Data rule for .txt files takes them from the Text defaults", () => {
    const rules = resolveModuleRules([{ type: "Data", globs: ["raw/*.txt"], fallthrough: true }]);
    expect([typeOf(rules, "raw/a.txt"), typeOf(rules, "a.txt"), typeOf(rules, "raw/sub/a.txt")]).toEqual([
      "Data",
      "Text",
      "Text",
    ]);
  });
});

test("globs: ** spans folders (none included), * stays within one, the rest is literal", () => {
  expect(["a.md", "x/y/a.md", "a.mdx"].map((file) => globToRegExp("**/*.md").test(file))).toEqual([true, true, false]);
  expect(["src/a.md", "src/x/a.md"].map((file) => globToRegExp("src/*.md").test(file))).toEqual([true, false]);
  expect(["a.wasm?module", "a.wasmXmodule"].map((file) => globToRegExp("**/*.wasm?module").test(file))).toEqual([true, false]);
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test("a rule of an unknown type is refused, naming the key and the allowed types", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-rules-"));
  dirs.push(root);
  fs.writeFileSync(
    path.join(root, "wrangler.json"),
    JSON.stringify({
      name: "w",
      main: "index.js",
      compatibility_date: "2026-01-01",
      rules: [{ type: "Txt", globs: ["**/*.md"] }],
    }),
  );
  fs.writeFileSync(path.join(root, "index.js"), "export default {}");
  let message = "";
  try {
    resolveWorkerConfig({ root });
  } catch (error) {
    message = (error as Error).message.replaceAll(root, "<root>");
  }
  expect(message).toMatchInlineSnapshot(
    `"[kindling] wrangler.json: "rules[0].type" Invalid option: expected one of "ESModule"|"CommonJS"|"CompiledWasm"|"Text"|"Data"|"PythonModule"|"PythonRequirement"|"NodeJsCompatModule", got "Txt"."`,
  );
});
