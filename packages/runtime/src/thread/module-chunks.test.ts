import { afterAll, expect, test } from "vitest";
import * as vite from "vite/module-runner";
import { compileModules, prefetchModules, runCompiled, takeCodeCaches, takeCompiled } from "./module-chunks.js";
import { installChunkStackTraces } from "./chunk-stack.js";

const parameters = [
  vite.ssrModuleExportsKey,
  vite.ssrImportMetaKey,
  vite.ssrImportKey,
  vite.ssrDynamicImportKey,
  vite.ssrExportAllKey,
  vite.ssrExportNameKey,
];
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;

// Frames as "file:line:column" (the file as Vite's interceptor reads it), after the chunk translation (installed around this one).
const original = Error.prepareStackTrace;
Error.prepareStackTrace = (_error, frames) =>
  frames
    .map(
      (frame) => `${frame.getFileName() ?? frame.getScriptNameOrSourceURL()}:${frame.getLineNumber()}:${frame.getColumnNumber()}`,
    )
    .join("\n");
installChunkStackTraces();
afterAll(() => void (Error.prepareStackTrace = original));

const moduleCode = (file: string, lines: string[]) => `${lines.join("\n")}\n//# sourceURL=${file}\n//# sourceMappingURL=data:,`;
const first = moduleCode("/src/first.ts", ["const one = 1;", '__vite_ssr_exportName__("one", () => one);']);
const failing = moduleCode("/src/failing.ts", [
  "let count = 0;",
  "",
  "function fail() {",
  '  throw new Error("failed " + ++count);',
  "}",
  "fail();",
]);
const noSourceUrl = "const three = 3;";

function context(): Record<string, unknown> {
  const exports = Object.create(null) as Record<string, unknown>;
  return {
    [vite.ssrModuleExportsKey]: exports,
    [vite.ssrImportMetaKey]: {},
    [vite.ssrImportKey]: () => Promise.resolve({}),
    [vite.ssrDynamicImportKey]: () => Promise.resolve({}),
    [vite.ssrExportAllKey]: () => {},
    [vite.ssrExportNameKey]: (name: string, get: () => unknown) =>
      Object.defineProperty(exports, name, { get, enumerable: true }),
  };
}

async function stackOf(run: Promise<void>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (error: Error) => error,
  );
  return error!.stack!.split("\n")[0]!;
}

test("a module compiled with others throws from the file and line it has when Vite's evaluator compiles it alone", async () => {
  compileModules([
    { id: "/src/first.ts", code: first },
    { id: "/src/failing.ts", code: failing },
  ]);
  const run = takeCompiled("/src/failing.ts", failing)!;
  expect(run).toBeTypeOf("function");
  const chunked = await stackOf(runCompiled(vite, context(), run));
  const alone = await stackOf(new AsyncFunction(...parameters, `"use strict";\n${failing}`)(...Object.values(context())));
  expect(chunked).toBe(alone);
  expect(chunked).toBe("/src/failing.ts:7:9");
});

test("a compiled module runs once, with its own state, exports sealed; other code or a second take gets nothing", async () => {
  compileModules([{ id: "/src/first.ts", code: first }]);
  expect(takeCompiled("/src/first.ts", `${first}\n`)).toBeUndefined();
  compileModules([{ id: "/src/first.ts", code: first }]);
  const run = takeCompiled("/src/first.ts", first)!;
  expect(takeCompiled("/src/first.ts", first)).toBeUndefined();
  const moduleContext = context();
  await runCompiled(vite, moduleContext, run);
  const exports = moduleContext[vite.ssrModuleExportsKey] as Record<string, unknown>;
  expect(exports.one).toBe(1);
  expect(Object.isSealed(exports)).toBe(true);
});

test("a module without Vite's sourceURL is left to the evaluator", () => {
  compileModules([{ id: "/src/three.ts", code: noSourceUrl }]);
  expect(takeCompiled("/src/three.ts", noSourceUrl)).toBeUndefined();
});

test("a planned chunk's code cache, taken after its functions ran, is accepted by the next compile of the same text", async () => {
  const second = moduleCode("/src/second.ts", ["const two = () => 2;", '__vite_ssr_exportName__("two", two);']);
  const results = [
    { id: "/src/first.ts", code: first },
    { id: "/src/second.ts", code: second },
  ];
  const chunk = { id: "cache-test", modules: ["/src/first.ts", "/src/second.ts"] };
  compileModules(results, [chunk], "ssr");
  await runCompiled(vite, context(), takeCompiled("/src/first.ts", first)!);
  const [taken, ...more] = takeCodeCaches();
  expect(more).toEqual([]);
  expect(taken).toMatchObject({ environment: "ssr", id: "cache-test" });
  expect(taken!.data.byteLength).toBeGreaterThan(0);
  takeCompiled("/src/second.ts", second);

  // Same text with the cache: V8 accepts it, so there is no new cache to take.
  compileModules(results, [{ ...chunk, cache: taken!.data }], "ssr");
  expect(takeCodeCaches()).toEqual([]);
  const moduleContext = context();
  await runCompiled(vite, moduleContext, takeCompiled("/src/first.ts", first)!);
  expect((moduleContext[vite.ssrModuleExportsKey] as Record<string, unknown>).one).toBe(1);
  takeCompiled("/src/second.ts", second);
});

test("a stale module of a planned chunk is compiled with its old code but the module's current code is what runs", async () => {
  const old = moduleCode("/src/first.ts", ["const one = 0;", '__vite_ssr_exportName__("one", () => one);']);
  // The chunk holds the old code of /src/first.ts; the batch has its new code, compiled in a chunk of its own.
  compileModules(
    [{ id: "/src/first.ts", code: first }],
    [
      { id: "stale-test", modules: ["/src/first.ts"], stale: [[0, old]] },
      { id: "fresh-test", modules: ["/src/first.ts"] },
    ],
  );
  expect(takeCompiled("/src/first.ts", old)).toBeUndefined();
  compileModules([{ id: "/src/first.ts", code: first }], [{ id: "stale-test-2", modules: ["/src/first.ts"], stale: [[0, old]] }]);
  const run = takeCompiled("/src/first.ts", first)!;
  expect(run).toBeTypeOf("function");
  const moduleContext = context();
  await runCompiled(vite, moduleContext, run);
  expect((moduleContext[vite.ssrModuleExportsKey] as Record<string, unknown>).one).toBe(1);
  takeCodeCaches();
});

test("a chunk compiled ahead by a prefetch is not compiled again by the start, and serves only the modules whose code is still the same", async () => {
  const second = moduleCode("/src/second.ts", ["const two = 2;", '__vite_ssr_exportName__("two", () => two);']);
  const edited = moduleCode("/src/second.ts", ["const two = 22;", '__vite_ssr_exportName__("two", () => two);']);
  const chunk = { id: "prefetch-test", modules: ["/src/first.ts", "/src/second.ts"] };
  prefetchModules(
    [
      { id: "/src/first.ts", code: first },
      { id: "/src/second.ts", code: second },
    ],
    [chunk],
    "ssr",
  );
  // Compiled, not yet registered: nothing is served before a start's plan names the chunk.
  expect(takeCompiled("/src/first.ts", first)).toBeUndefined();
  const [fromPrefetch, ...more] = takeCodeCaches();
  expect(fromPrefetch).toMatchObject({ environment: "ssr", id: "prefetch-test" });
  expect(more).toEqual([]);

  // The start: /src/second.ts changed since (the host plans it into a chunk of its own).
  compileModules(
    [
      { id: "/src/first.ts", code: first },
      { id: "/src/second.ts", code: edited },
    ],
    [
      { ...chunk, stale: [[1, second]] },
      { id: "prefetch-test-fresh", modules: ["/src/second.ts"] },
    ],
    "ssr",
  );
  // Only the fresh chunk was compiled now (a compile of the prefetched one would be uncached again).
  expect(takeCodeCaches().map(({ id }) => id)).toEqual(["prefetch-test-fresh"]);
  const firstContext = context();
  await runCompiled(vite, firstContext, takeCompiled("/src/first.ts", first)!);
  expect((firstContext[vite.ssrModuleExportsKey] as Record<string, unknown>).one).toBe(1);
  const secondContext = context();
  await runCompiled(vite, secondContext, takeCompiled("/src/second.ts", edited)!);
  expect((secondContext[vite.ssrModuleExportsKey] as Record<string, unknown>).two).toBe(22);
});

test("a prefetched chunk whose module changed and no fresh chunk planned leaves that module to be compiled alone", () => {
  const edited = moduleCode("/src/first.ts", ["const one = 11;", '__vite_ssr_exportName__("one", () => one);']);
  const chunk = { id: "prefetch-test-2", modules: ["/src/first.ts"] };
  prefetchModules([{ id: "/src/first.ts", code: first }], [chunk], "ssr");
  compileModules([{ id: "/src/first.ts", code: edited }], [{ ...chunk, stale: [[0, first]] }], "ssr");
  // Never the prefetched function for the old code; the new code was compiled in a chunk of the start's own.
  expect(takeCompiled("/src/first.ts", first)).toBeUndefined();
  takeCodeCaches();
});
