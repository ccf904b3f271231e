/**
 * A 2,003-module worker: every reload still evaluates every module fresh in the new generation,
 * whatever the host sends in its batch and however the thread compiles it (the batch together, the rest alone).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { connectHmr } from "./helpers/hmr-client.js";
import { bigGraph, lastHelperFile, lastHelperSource, sharedLeafFile, sharedLeafSource } from "./helpers/big-graph.js";

const routes = 80;
const chain = 24;
const graph = bigGraph(routes, chain);
let server: DevServer;

interface Answer {
  evaluated: number;
  calls: number[];
  shared: string[];
  tokens: string[];
}

beforeAll(async () => {
  server = await startDevServer("big-graph", { files: graph.files });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

// The first request builds the first generation of 2,003 modules: slow on a busy machine (the helper's fetch gives up at 15 s).
const answer = async (): Promise<Answer> =>
  (await server.fetch("/", { signal: AbortSignal.timeout(55_000) })).json() as Promise<Answer>;
const untilShared = (token: string) => until(async () => (await (await server.fetch("/shared")).text()) === token, 30_000);
const explorer = async (section: string) => (await server.fetch(`/cdn-cgi/local/explorer/api/${section}`)).json();
const repeat = <T>(value: T) => Array.from({ length: routes }, () => value);

test("the graph has 2,003 modules, each evaluated once, each route's state its own", async () => {
  expect(graph.modules).toBe(2003);
  const first = await answer();
  expect(first.evaluated).toBe(graph.modules);
  expect(first.calls).toEqual(repeat(1));
  expect((await answer()).calls).toEqual(repeat(2));
});

test("an edit after the standby compiled the graph ahead (its prefetch): only the change is sent, and every module is still evaluated fresh", async () => {
  // After a request the generation's code caches reach the host, and the standby is sent the graph to compile.
  await answer();
  await until(async () => (await explorer("overview")).standby === "prefetched", 30_000);
  server.write(sharedLeafFile, sharedLeafSource("shared-ahead"));
  await untilShared("shared-ahead");
  const [newest] = await explorer("generations");
  expect(newest).toMatchObject({ current: true, prefetched: true, error: null });
  const after = await answer();
  expect(after.evaluated).toBe(graph.modules);
  expect(after.calls).toEqual(repeat(1));
  expect(after.shared).toEqual(["shared-ahead"]);
});

test("a config change after the prefetch (every transform invalidated): the start amends the prefetch down to nothing and every module runs", async () => {
  await answer();
  await until(async () => (await explorer("overview")).standby === "prefetched", 30_000);
  server.edit("wrangler.jsonc", `"compatibility_date"`, `"vars": { "MODE": "after-config" },\n  "compatibility_date"`);
  await until(async () => {
    const [newest] = (await explorer("generations")) as Array<{ current: boolean; causes: string[] }>;
    return newest!.current && newest!.causes.includes("wrangler.jsonc");
  }, 30_000);
  const [newest] = await explorer("generations");
  expect(newest).toMatchObject({ prefetched: true, error: null });
  const after = await answer();
  expect(after.evaluated).toBe(graph.modules);
  expect(after.calls).toEqual(repeat(1));
});

test("an edit of a leaf every route imports: all 2,003 modules are evaluated again and every counter starts over", async () => {
  server.write(sharedLeafFile, sharedLeafSource("shared-1"));
  await untilShared("shared-1");
  const after = await answer();
  expect(after.evaluated).toBe(graph.modules);
  expect(after.calls).toEqual(repeat(1));
  expect(after.shared).toEqual(["shared-1"]);
});

test("an edit at the end of one route's chain is seen through the chain (transitive), and the rest is fresh too", async () => {
  server.write(lastHelperFile(40, chain), lastHelperSource(40, chain, "private-1"));
  await until(async () => (await answer()).tokens[40] === "r40:private-1", 30_000);
  server.write(sharedLeafFile, sharedLeafSource("shared-2"));
  await untilShared("shared-2");
  const after = await answer();
  expect(after.evaluated).toBe(graph.modules);
  expect(after.calls).toEqual(repeat(1));
  expect(after.tokens.filter((token) => token.endsWith("private-1"))).toEqual(["r40:private-1"]);
});

test("a stack thrown in an unchanged module (shipped in the host's batch, compiled with the others) is source-mapped to its line", async () => {
  // Generations 2 and 3 ran route 7's modules unchanged: this one gets them from the batch, its chunk
  // compiled with V8's code cache of an earlier generation (module-chunks.ts).
  server.write(sharedLeafFile, sharedLeafSource("shared-3"));
  await untilShared("shared-3");
  const stack = (await (await server.fetch("/throw/7")).text()).replaceAll(server.root, "<root>");
  expect(stack.split("\n").slice(0, 4).join("\n")).toMatchInlineSnapshot(`
    "Error: route 7 failed
        at fail24 (<root>/src/routes/r7/h24.ts:14:9)
        at fail23 (<root>/src/routes/r7/h23.ts:9:10)
        at fail22 (<root>/src/routes/r7/h22.ts:9:10)"
  `);
  expect(stack).toContain(`<root>/${lastHelperFile(7, chain)}:${graph.throwLine}:`);
});

test("a syntax error in one module of the graph shows in the overlay with its file and line; a fix brings every module back", async () => {
  const page = await connectHmr(server);
  try {
    const file = "src/routes/r33/h12.ts";
    server.edit(file, "return step13();", "return step13(;");
    const error = (await page.next((message) => message.type === "error", 30_000)).err as {
      message: string;
      loc?: { file: string; line: number; column: number };
    };
    expect(error.loc).toMatchObject({ file: `${server.root}/${file}`, line: 5 });
    const failed = await server.fetch("/");
    expect(failed.status).toBe(500);
    expect(await failed.text()).toContain(`${file}:5:`);
    // An edit of its importer transforms the broken module ahead of the generation's request
    // (dev.preTransformRequests): the error is still reported once, by the generation.
    server.edit("src/routes/r33/h11.ts", "return step12();", "return step12(/* edited */);");
    await page.next((message) => message.type === "error", 30_000);
    expect(server.output()).not.toContain("Pre-transform error");
    server.edit(file, "return step13(;", "return step13();");
    await until(async () => (await server.fetch("/")).status === 200, 30_000);
    const fixed = await answer();
    expect(fixed.evaluated).toBe(graph.modules);
    expect(fixed.shared).toEqual(["shared-3"]);
  } finally {
    page.close();
  }
});
