/**
 * Non-JavaScript modules by wrangler's module rules: in `vite dev` (an edit of such a file reloads
 * the worker) and in `vite build`, whose output runs on real workerd (miniflare 4) with the rules
 * `wrangler deploy` would apply to the written wrangler.json.
 */
import fs from "node:fs";
import path from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, startDevServer, until, viteBuild, type DevServer } from "./helpers/dev-server.js";

let root: string;
const servers: DevServer[] = [];
let workerd: Miniflare | undefined;

beforeAll(() => {
  root = copyFixture("module-types");
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await workerd?.dispose();
});

const expected = {
  wasm: "Module 42",
  bin: "ArrayBuffer 0 1 2 3 254 255",
  txt: "hello text\n",
  md: "# notes\n",
  dat: "ArrayBuffer 9 8 7",
};

test("vite dev imports .wasm, .bin, .txt and the config's rules as workerd does; an edit of a text module reloads", async () => {
  const dev = await startDevServer("module-types", { root });
  servers.push(dev);
  expect(await (await dev.fetch("/")).json()).toEqual(expected);
  dev.write("src/assets/hello.txt", "edited\n");
  await until(async () => expect((await (await dev.fetch("/")).json()).txt).toBe("edited\n"));
  dev.write("src/assets/hello.txt", "hello text\n");
  await until(async () => expect((await (await dev.fetch("/")).json()).txt).toBe("hello text\n"));
  await dev.stop();
});

test("vite build emits the modules next to the bundle and keeps the config's rules; the output runs on workerd", async () => {
  await viteBuild(root);
  const outDir = path.join(root, "dist/module_types");
  const files = (fs.readdirSync(outDir, { recursive: true }) as string[]).toSorted();
  expect(files.filter((file) => !file.endsWith(".map")).map((file) => file.replace(/-[\w-]{8}\./, "-<hash>."))).toEqual([
    "assets",
    "assets/add-<hash>.wasm",
    "assets/blob-<hash>.dat",
    "assets/data-<hash>.bin",
    "assets/hello-<hash>.txt",
    "assets/notes-<hash>.md",
    "index.js",
    "wrangler.json",
  ]);
  const config = JSON.parse(fs.readFileSync(path.join(outDir, "wrangler.json"), "utf8"));
  expect(config.rules).toEqual([
    { type: "ESModule", globs: ["**/*.js", "**/*.mjs"] },
    { type: "Text", globs: ["**/*.md"], fallthrough: true },
    { type: "Data", globs: ["**/*.dat"], fallthrough: true },
  ]);
  // wrangler deploy: the config's rules, then its defaults.
  const defaults = [
    { type: "Text", include: ["**/*.txt", "**/*.html", "**/*.sql"] },
    { type: "Data", include: ["**/*.bin"] },
    { type: "CompiledWasm", include: ["**/*.wasm", "**/*.wasm?module"] },
  ] as const;
  workerd = new Miniflare({
    modules: true,
    modulesRoot: outDir,
    scriptPath: path.join(outDir, config.main),
    modulesRules: [
      ...config.rules.map((rule: { type: "Text"; globs: string[]; fallthrough?: boolean }) => ({
        type: rule.type,
        include: rule.globs,
        fallthrough: rule.fallthrough,
      })),
      ...defaults,
    ],
    compatibilityDate: config.compatibility_date,
  });
  expect(await (await workerd.dispatchFetch("http://localhost/")).json()).toEqual(expected);
});
