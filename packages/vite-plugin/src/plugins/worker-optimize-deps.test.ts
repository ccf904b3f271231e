import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { resolveConfig, type ResolvedConfig } from "vite";
import { kindling } from "../index.js";

let root: string;
let config: ResolvedConfig;

beforeAll(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kindling-optimize-deps-")));
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "src/index.js"), "export default {};\n");
  fs.writeFileSync(
    path.join(root, "wrangler.jsonc"),
    JSON.stringify({ name: "deps", main: "src/index.js", compatibility_date: "2026-06-01" }),
  );
  // The user's own dependency settings for the worker's environment, as in a vite.config.
  config = await resolveConfig(
    {
      root,
      configFile: false,
      logLevel: "silent",
      plugins: [kindling({ persist: false })],
      environments: { deps: { optimizeDeps: { include: ["user-included"], exclude: ["user-excluded"] } } },
    },
    "serve",
  );
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test("the worker's environment bundles every dependency with workerd's conditions and keeps the user's include and exclude", () => {
  const worker = config.environments.deps!;
  expect(worker.resolve.noExternal).toBe(true);
  expect(worker.resolve.conditions).toEqual(["workerd", "worker", "module", "browser", "development|production"]);
  expect(worker.optimizeDeps.include).toEqual(["user-included"]);
  expect(worker.optimizeDeps.exclude).toEqual(expect.arrayContaining(["user-excluded", "cloudflare:workers", "node:fs", "fs"]));
  expect(worker.optimizeDeps.entries).toEqual([`${root}/src/index.js`]);
  expect(worker.optimizeDeps.noDiscovery).toBe(false);
  expect(worker.optimizeDeps.rolldownOptions?.resolve?.conditionNames).toEqual([
    "workerd",
    "worker",
    "module",
    "browser",
    "development",
  ]);
  // Without nodejs_compat (2026-06-01, no flag) a dependency's process.env is `{}`, as user code's.
  expect(worker.optimizeDeps.rolldownOptions?.transform?.define).toMatchObject({ "process.env": "{}" });
});
