import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-devvars-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ main: "index.ts" }));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message.replaceAll(root, "<root>");
  }
  throw new Error("expected an error");
};

test("a .dev.vars that is a directory is an error naming the file", () => {
  fs.mkdirSync(path.join(root, ".dev.vars"));
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] .dev.vars: <root>/.dev.vars is a directory, but local secrets are read from a file of KEY=value lines. Remove or rename the directory."`,
  );
});

test("so is a .env that is a directory, when there is no .dev.vars", () => {
  fs.writeFileSync(path.join(root, ".env"), "A=1\n");
  fs.mkdirSync(path.join(root, ".env.local"));
  expect(errorOf(() => resolveWorkerConfig({ root }))).toMatchInlineSnapshot(
    `"[kindling] .env.local: <root>/.env.local is a directory, but local secrets are read from a file of KEY=value lines. Remove or rename the directory."`,
  );
});

test("a .env directory does not matter when .dev.vars exists (wrangler reads only .dev.vars then)", () => {
  fs.writeFileSync(path.join(root, ".dev.vars"), "A=1\n");
  fs.mkdirSync(path.join(root, ".env"));
  expect(resolveWorkerConfig({ root }).vars).toEqual({ A: "1" });
});
