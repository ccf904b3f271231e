import { afterAll, expect, test } from "vitest";
import * as vite from "vite/module-runner";
import { compileModules, runCompiled, takeCompiled } from "./module-chunks.js";
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
