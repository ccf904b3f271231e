/**
 * Compiles the modules of a start's batch as a few scripts instead of one `AsyncFunction` per
 * module: V8 compiles 2,000 small modules as one script ~5x faster than one by one. Each module
 * is still its own function, evaluated by the ModuleRunner in its turn, in this thread's realm.
 * Stack frames in a chunk are shown as the module's own (chunk-stack.ts): file and line as if
 * the module had been compiled alone, so Vite's source maps apply unchanged.
 *
 * Compiled through the embedder's API (vm.Script), outside the code-generation checks that
 * `eval` / `new Function` of user code go through.
 */
import vm from "node:vm";
import { registerChunk } from "./chunk-stack.js";

/** The parameters of a module function: the names Vite's SSR transform writes (as its ESModulesEvaluator). */
const parameters = [
  "__vite_ssr_exports__",
  "__vite_ssr_import_meta__",
  "__vite_ssr_import__",
  "__vite_ssr_dynamic_import__",
  "__vite_ssr_exportAll__",
  "__vite_ssr_exportName__",
].join(", ");
/** Lines before the code in Vite's `new AsyncFunction(...)`: the source maps it sends are shifted by these. */
const header = `async function (${parameters}\n) {\n"use strict";`;
const modulesPerChunk = 500;
const sourceUrlMarker = "\n//# sourceURL=";

export type ModuleFunction = (...args: unknown[]) => Promise<void>;

interface Compiled {
  code: string;
  run: ModuleFunction;
}

const compiled = new Map<string, Compiled>();
let chunks = 0;

/** Compiles the inlined modules of fetchModule answers (`{ id, code }`); the others are skipped. */
export function compileModules(results: Iterable<unknown>): void {
  let batch: Array<{ id: string; code: string; body: string; file: string }> = [];
  for (const result of results) {
    const { id, code } = result as { id?: unknown; code?: unknown };
    if (typeof id !== "string" || typeof code !== "string" || compiled.has(id)) continue;
    // Without Vite's sourceURL (no source map) the module is compiled alone, as before.
    const end = code.lastIndexOf(sourceUrlMarker);
    if (end === -1) continue;
    const fileEnd = code.indexOf("\n", end + sourceUrlMarker.length);
    const file = code.slice(end + sourceUrlMarker.length, fileEnd === -1 ? undefined : fileEnd);
    batch.push({ id, code, body: code.slice(0, end), file });
    if (batch.length === modulesPerChunk) {
      compileChunk(batch);
      batch = [];
    }
  }
  if (batch.length > 0) compileChunk(batch);
}

/** The function compiled for this module's code, taken once; undefined when it was not prepared. */
export function takeCompiled(id: string, code: string): ModuleFunction | undefined {
  const entry = compiled.get(id);
  if (!entry) return undefined;
  compiled.delete(id);
  return entry.code === code ? entry.run : undefined;
}

function compileChunk(modules: Array<{ id: string; code: string; body: string; file: string }>): void {
  const filename = `kindling:modules-${++chunks}`;
  const parts: string[] = [];
  const firstLines: number[] = [];
  let line = 1;
  for (const { body } of modules) {
    // "[" or "," then the header (3 lines), the module's code from the next line, "}" on its own.
    parts.push(`${parts.length === 0 ? "[" : ","}${header}\n${body}\n}`);
    firstLines.push(line + 3);
    line += 4 + countLines(body);
  }
  let functions: ModuleFunction[];
  try {
    functions = new vm.Script(`${parts.join("\n")}\n]`, { filename }).runInThisContext() as ModuleFunction[];
  } catch {
    return; // each module is then compiled alone when the runner reaches it, and reports its own error
  }
  registerChunk(filename, { firstLines, files: modules.map((m) => m.file) });
  modules.forEach(({ id, code }, i) => compiled.set(id, { code, run: functions[i]! }));
}

function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

type Context = Record<string, unknown>;

/** Runs a prepared module function as Vite's ESModulesEvaluator runs the one it compiles. */
export async function runCompiled(
  vite: typeof import("vite/module-runner"),
  context: Context,
  run: ModuleFunction,
): Promise<void> {
  const exports = context[vite.ssrModuleExportsKey];
  await run(
    exports,
    context[vite.ssrImportMetaKey],
    context[vite.ssrImportKey],
    context[vite.ssrDynamicImportKey],
    context[vite.ssrExportAllKey],
    context[vite.ssrExportNameKey],
  );
  Object.seal(exports);
}
