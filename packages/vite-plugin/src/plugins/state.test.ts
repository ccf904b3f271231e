import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { resolveOptions } from "../options.js";
import { PluginState } from "./state.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function init(viteEnvironment: unknown): PluginState {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-state-"));
  dirs.push(root);
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "src/index.ts"), "export default {}");
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ name: "my-app", main: "src/index.ts" }));
  const state = new PluginState(resolveOptions({ viteEnvironment }));
  state.init({ root }, { mode: "development" });
  return state;
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};

test("the worker's environments: its own (named after the worker by default) and its children", () => {
  const state = init({ childEnvironments: ["rsc"] });
  expect(state.workerEnvironmentNames).toEqual(["my_app", "rsc"]);
  expect(state.isWorkerEnvironment("rsc")).toBe(true);
  expect(state.isWorkerEnvironment("client")).toBe(false);
  expect(init({ name: "ssr" }).workerEnvironmentNames).toEqual(["ssr"]);
});

test("names that cannot be the worker's environments are refused with the fix", () => {
  expect(errorOf(() => init({ name: "client" }))).toMatchInlineSnapshot(
    `"[kindling] The worker's Vite environment would be "client", the name of Vite's browser environment. Set another name with kindling({ viteEnvironment: { name } })."`,
  );
  expect(errorOf(() => init({ childEnvironments: ["client"] }))).toMatchInlineSnapshot(
    `"[kindling] kindling() options: viteEnvironment.childEnvironments names "client", the name of Vite's browser environment. Remove it from the list."`,
  );
  expect(errorOf(() => init({ name: "ssr", childEnvironments: ["rsc", "ssr"] }))).toMatchInlineSnapshot(
    `"[kindling] kindling() options: viteEnvironment.childEnvironments names "ssr" twice, or as the worker's own environment. Name each environment once."`,
  );
});
