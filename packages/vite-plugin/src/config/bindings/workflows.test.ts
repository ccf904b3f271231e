import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "../resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-config-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (workflows: unknown) => {
  fs.writeFileSync(path.join(root, "wrangler.json"), JSON.stringify({ name: "app", main: "index.ts", workflows }));
  return resolveWorkerConfig({ root, processEnv: {} });
};

test("workflows become descriptors keyed by workflow name, with production's default step limit", () => {
  const config = resolve([
    { name: "orders", binding: "ORDERS", class_name: "OrderFlow" },
    { name: "orders", binding: "ORDERS_AGAIN", class_name: "OrderFlow", limits: { steps: 50 } },
    { name: "billing", binding: "BILLING", class_name: "BillingFlow", script_name: "billing-worker" },
    { name: "own", binding: "OWN", class_name: "OwnFlow", script_name: "app" },
  ]);
  expect(config.bindings).toEqual([
    { type: "workflow", name: "ORDERS", workflowName: "orders", className: "OrderFlow", stepLimit: 10_000 },
    { type: "workflow", name: "ORDERS_AGAIN", workflowName: "orders", className: "OrderFlow", stepLimit: 50 },
    {
      type: "workflow",
      name: "BILLING",
      workflowName: "billing",
      className: "BillingFlow",
      scriptName: "billing-worker",
      stepLimit: 10_000,
    },
    { type: "workflow", name: "OWN", workflowName: "own", className: "OwnFlow", stepLimit: 10_000 },
  ]);
  expect(config.warnings).toEqual([]);
});

test("a workflow name that cannot be one, or one workflow with two classes, names the key and the fix", () => {
  expect(() => resolve([{ name: "my flow", binding: "F", class_name: "Flow" }])).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "workflows[0].name" must be letters, digits, _ and - (not starting with -), got "my flow".]`,
  );
  expect(() =>
    resolve([
      { name: "f", binding: "A", class_name: "One" },
      { name: "f", binding: "B", class_name: "Two" },
    ]),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "workflows[1]" names workflow "f" with class "Two", but "workflows[0]" runs it with class "One". A workflow has one class: use the same "class_name", or another "name".]`,
  );
  expect(() => resolve([{ name: "f", binding: "A" }])).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "workflows[0].class_name" is required (expected a string).]`,
  );
});
