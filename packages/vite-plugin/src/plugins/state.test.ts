import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveOptions, type KindlingOptions } from "../options.js";
import { PluginState } from "./state.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-state-"));
  worker(".", "gateway");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** A worker's config and entry in `dir` (relative to the root). */
function worker(dir: string, name: string, extra: object = {}): void {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.writeFileSync(path.join(root, dir, "index.ts"), "export default {}");
  fs.writeFileSync(path.join(root, dir, "wrangler.json"), JSON.stringify({ name, main: "index.ts", ...extra }));
}

const init = (options: KindlingOptions) => new PluginState(resolveOptions(options)).init({ root }, { mode: "development" });

test("each auxiliary worker gets its config and a Vite environment named after it; the main one comes first", () => {
  worker("api", "api-service");
  worker("store", "store");
  const state = new PluginState(
    resolveOptions({
      auxiliaryWorkers: [
        { configPath: "api/wrangler.json" },
        { configPath: "store/wrangler.json", viteEnvironment: { name: "db" } },
      ],
    }),
  );
  expect(state.init({ root }, { mode: "development" }).environmentNames).toEqual(["gateway", "api_service", "db"]);
  expect(state.workers.map((w) => [w.config.name, w.main, w.option])).toEqual([
    ["gateway", true, "configPath"],
    ["api-service", false, "auxiliaryWorkers[0].configPath"],
    ["store", false, "auxiliaryWorkers[1].configPath"],
  ]);
  expect(state.isWorkerEnvironment("db")).toBe(true);
  expect(state.isWorkerEnvironment("client")).toBe(false);
});

test("two workers with one config, one name or one Vite environment are refused, naming both", () => {
  worker("api", "api");
  worker("twin", "gateway");
  expect(() => init({ auxiliaryWorkers: [{ configPath: "wrangler.json" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "auxiliaryWorkers[0].configPath" is "wrangler.json", the config of a worker this dev server runs already (configPath). Each worker needs a wrangler config of its own.]`,
  );
  expect(() => init({ auxiliaryWorkers: [{ configPath: "twin/wrangler.json" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] twin/wrangler.json ("auxiliaryWorkers[0].configPath"): the worker is named "gateway", as the worker of wrangler.json ("configPath") is. Workers reach each other by name: give each a "name" of its own.]`,
  );
  expect(() =>
    init({ auxiliaryWorkers: [{ configPath: "api/wrangler.json", viteEnvironment: { name: "gateway" } }] }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: worker "api" ("auxiliaryWorkers[0].configPath") cannot run in the Vite environment "gateway": worker "gateway" runs in it already. Give it one of its own with viteEnvironment: { name: "..." }.]`,
  );
  expect(() =>
    init({ auxiliaryWorkers: [{ configPath: "api/wrangler.json", viteEnvironment: { name: "client" } }] }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: worker "api" ("auxiliaryWorkers[0].configPath") cannot run in the Vite environment "client": it is Vite's own. Give it one of its own with viteEnvironment: { name: "..." }.]`,
  );
});

test("an auxiliary worker's config mistake names its file", () => {
  fs.mkdirSync(path.join(root, "broken"));
  fs.writeFileSync(path.join(root, "broken/wrangler.json"), JSON.stringify({ name: "broken" }));
  expect(() => init({ auxiliaryWorkers: [{ configPath: "broken/wrangler.json" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] broken/wrangler.json: "main" is missing. Set it to your worker's entry file, e.g. "main": "src/index.ts".]`,
  );
  let missing = "";
  try {
    init({ auxiliaryWorkers: [{ configPath: "missing/wrangler.json" }] });
  } catch (error) {
    missing = (error as Error).message.replaceAll(root, "<root>");
  }
  expect(missing).toMatchInlineSnapshot(
    `"[kindling] kindling() options: "auxiliaryWorkers[0].configPath" is "missing/wrangler.json", but <root>/missing/wrangler.json does not exist. Point it at the auxiliary worker's wrangler config, relative to Vite's root."`,
  );
});

test("child environments run in their worker: the main one's and an auxiliary one's", () => {
  worker("api", "api");
  const state = new PluginState(
    resolveOptions({
      viteEnvironment: { name: "ssr", childEnvironments: ["rsc"] },
      auxiliaryWorkers: [{ configPath: "api/wrangler.json", viteEnvironment: { childEnvironments: ["api_rsc"] } }],
    }),
  );
  expect(state.init({ root }, { mode: "development" }).environmentNames).toEqual(["ssr", "rsc", "api", "api_rsc"]);
  expect(state.workers.map((w) => w.childEnvironments)).toEqual([["rsc"], ["api_rsc"]]);
  expect(state.isWorkerEnvironment("rsc")).toBe(true);
  expect(state.isWorkerEnvironment("api_rsc")).toBe(true);
});

test("names that cannot be a worker's environments are refused with the fix", () => {
  worker("api", "api");
  expect(() => init({ viteEnvironment: { name: "client" } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] The worker's Vite environment would be "client", the name of Vite's browser environment. Set another name with kindling({ viteEnvironment: { name } }).]`,
  );
  expect(() => init({ viteEnvironment: { childEnvironments: ["client"] } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: viteEnvironment.childEnvironments names "client", the name of Vite's browser environment. Remove it from the list.]`,
  );
  expect(() => init({ viteEnvironment: { name: "ssr", childEnvironments: ["rsc", "ssr"] } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: viteEnvironment.childEnvironments names "ssr" twice, or as a worker's own environment. Name each environment once.]`,
  );
  expect(() =>
    init({ auxiliaryWorkers: [{ configPath: "api/wrangler.json", viteEnvironment: { childEnvironments: ["gateway"] } }] }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: auxiliaryWorkers[0].viteEnvironment.childEnvironments names "gateway" twice, or as a worker's own environment. Name each environment once.]`,
  );
});
