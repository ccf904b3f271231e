import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import type { DevEnvironment, ViteDevServer } from "vite";
import { createWorkerViteServer } from "./worker-vite.test-support.js";
import { FetchedModules } from "./fetched-modules.js";

let root: string;
let vite: ViteDevServer;
let environment: DevEnvironment;
let fetched: FetchedModules;
/** The URLs Vite's fetchModule was asked for since the last reset. */
let fetchedAgain: string[] = [];

const files = {
  "entry.ts": `import { mid } from "./mid";\nexport default mid;\n`,
  "mid.ts": `import { leaf } from "./leaf";\nexport const mid = "mid+" + leaf;\n`,
  "leaf.ts": `export const leaf: string = "leaf-1";\n`,
};

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-fetched-modules-"));
  vite = await createWorkerViteServer(root);
  environment = vite.environments.worker as DevEnvironment;
  const fetchModule = environment.fetchModule.bind(environment);
  environment.fetchModule = (url, ...rest) => {
    fetchedAgain.push(url);
    return fetchModule(url, ...rest);
  };
});

afterAll(async () => {
  await vite?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(async () => {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  environment.moduleGraph.invalidateAll();
  fetched = new FetchedModules(environment);
  // What a generation's runner does: fetch the entry, then each import it meets.
  for (const [url, importer] of [
    ["/entry.ts", undefined],
    ["/mid.ts", path.join(root, "entry.ts")],
    ["/leaf.ts", path.join(root, "mid.ts")],
  ]) {
    const answer = await fetched.invoke({
      type: "custom",
      event: "vite:invoke",
      data: { id: "send", name: "fetchModule", data: [url, importer, { cached: false }] },
    });
    expect(answer).toHaveProperty("result.code");
  }
  fetchedAgain = [];
});

function edit(name: keyof typeof files, text: string): void {
  const file = path.join(root, name);
  fs.writeFileSync(file, text);
  environment.moduleGraph.onFileChange(file);
}

async function batchCode(): Promise<Map<string, string>> {
  const batch = await fetched.batch();
  const codes = new Map<string, string>();
  for (const [, result] of batch.modules) {
    const { id, code } = result as { id?: string; code?: string };
    if (id !== undefined && code !== undefined) codes.set(path.basename(id), code);
  }
  return codes;
}

test("an edit fetches the edited module again, not its importers (Vite soft-invalidates them with their code kept)", async () => {
  const before = await batchCode();
  expect([...before.keys()].toSorted()).toEqual(["entry.ts", "leaf.ts", "mid.ts"]);
  expect(fetchedAgain).toEqual([]);

  edit("leaf.ts", `export const leaf: string = "leaf-2";\n`);
  // Vite dropped the importers' transforms too, keeping each for its next fetch.
  expect(
    [...environment.moduleGraph.idToModuleMap.values()].map((node) => [path.basename(node.id!), node.transformResult]),
  ).toEqual([
    ["entry.ts", null],
    ["mid.ts", null],
    ["leaf.ts", null],
  ]);

  const after = await batchCode();
  expect(fetchedAgain).toEqual(["/leaf.ts"]);
  expect(after.get("leaf.ts")).toContain("leaf-2");
  expect(after.get("mid.ts")).toBe(before.get("mid.ts"));
  expect(after.get("entry.ts")).toBe(before.get("entry.ts"));

  // The importers stay as they were for the batch after, and Vite serves them as the batch has them.
  fetchedAgain = [];
  await batchCode();
  expect(fetchedAgain).toEqual([]);
  const served = (await environment.fetchModule("/mid.ts", path.join(root, "entry.ts"), { cached: false })) as { code: string };
  expect(served.code).toBe(after.get("mid.ts"));
});

test("an edit of a soft-invalidated importer is fetched again with its new code", async () => {
  edit("leaf.ts", `export const leaf: string = "leaf-2";\n`);
  await batchCode();
  fetchedAgain = [];

  edit("mid.ts", `import { leaf } from "./leaf";\nexport const mid = "MID+" + leaf;\n`);
  const after = await batchCode();
  expect(fetchedAgain).toEqual(["/mid.ts"]);
  expect(after.get("mid.ts")).toContain('"MID+"');
  expect(after.get("leaf.ts")).toContain("leaf-2");
});

test("a module whose transform Vite dropped outright (invalidated, not soft) is fetched again", async () => {
  const before = await batchCode();
  environment.moduleGraph.invalidateModule(environment.moduleGraph.getModuleById(path.join(root, "mid.ts"))!);
  const after = await batchCode();
  expect(fetchedAgain).toEqual(["/mid.ts"]);
  expect(after.get("mid.ts")).toBe(before.get("mid.ts"));
});
