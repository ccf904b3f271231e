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
import type { ModuleChunk } from "../protocol/module-batch.js";

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

interface ChunkModule {
  id: string;
  code: string;
  body: string;
  file: string;
}

/** A planned chunk compiled without an accepted code cache: its cache is taken after the first request. */
interface Uncached {
  environment: string;
  id: string;
  script: vm.Script;
}

const compiled = new Map<string, Compiled>();
/** Planned chunks a prefetch compiled, by id: their functions are registered when a start's plan names them. */
const prefetched = new Map<string, { modules: ChunkModule[]; functions: ModuleFunction[] }>();
let uncached: Uncached[] = [];
let chunks = 0;

/**
 * Compiles the inlined modules of fetchModule answers (`{ id, code }`): the host's planned chunks
 * first (with their code cache, or as a prefetch compiled them), then the others in chunks of
 * their own; the rest are skipped.
 */
export function compileModules(results: Iterable<unknown>, planned: readonly ModuleChunk[] = [], environment = ""): void {
  const byId = codeById(results);
  for (const chunk of planned) {
    const ahead = prefetched.get(chunk.id);
    prefetched.delete(chunk.id);
    registerFunctions(ahead ?? compilePlanned(chunk, byId, environment), byId);
  }
  let batch: ChunkModule[] = [];
  const flush = () => registerFunctions(compileChunk(`kindling:modules-${++chunks}`, batch), byId);
  for (const { id, code } of byId.values()) {
    if (compiled.has(id)) continue;
    // Without Vite's sourceURL (no source map) the module is compiled alone, as before.
    const module = splitModule(id, code);
    if (!module) continue;
    batch.push(module);
    if (batch.length === modulesPerChunk) {
      flush();
      batch = [];
    }
  }
  if (batch.length > 0) flush();
}

/**
 * Compiles the planned chunks of a batch ahead of the start (a standby's prefetch): their functions
 * wait until a start's plan names the chunk, and are used for the modules whose code is still the same then.
 */
export function prefetchModules(results: Iterable<unknown>, planned: readonly ModuleChunk[], environment: string): void {
  const byId = codeById(results);
  for (const chunk of planned) {
    if (prefetched.has(chunk.id)) continue;
    const done = compilePlanned(chunk, byId, environment);
    if (done) prefetched.set(chunk.id, done);
  }
}

/** Forgets the prefetched chunks no start named (the host planned them again): nothing will run them. */
export function dropPrefetched(): void {
  prefetched.clear();
}

/** The function compiled for this module's code, taken once; undefined when it was not prepared. */
export function takeCompiled(id: string, code: string): ModuleFunction | undefined {
  const entry = compiled.get(id);
  if (!entry) return undefined;
  compiled.delete(id);
  return entry.code === code ? entry.run : undefined;
}

/** V8's code cache of the planned chunks compiled without one (call once their functions ran: it includes those compiled lazily). */
export function takeCodeCaches(): Array<{ environment: string; id: string; data: Uint8Array }> {
  const taken = uncached.map(({ environment, id, script }) => ({ environment, id, data: script.createCachedData() }));
  uncached = [];
  return taken;
}

function codeById(results: Iterable<unknown>): Map<string, { id: string; code: string }> {
  const byId = new Map<string, { id: string; code: string }>();
  for (const result of results) {
    const { id, code } = result as { id?: unknown; code?: unknown };
    if (typeof id === "string" && typeof code === "string" && !byId.has(id)) byId.set(id, { id, code });
  }
  return byId;
}

/** Compiles a planned chunk as the host laid it out; undefined when it is not the host's chunk text or does not compile. */
function compilePlanned(
  chunk: ModuleChunk,
  byId: Map<string, { id: string; code: string }>,
  environment: string,
): { modules: ChunkModule[]; functions: ModuleFunction[] } | undefined {
  const stale = new Map(chunk.stale);
  const modules: ChunkModule[] = [];
  for (const [index, id] of chunk.modules.entries()) {
    const code = stale.get(index) ?? byId.get(id)?.code;
    const module = code === undefined ? undefined : splitModule(id, code);
    if (!module) return undefined; // not the host's chunk text: its modules are compiled with the others
    modules.push(module);
  }
  return compileChunk(`kindling:modules-${chunk.id}`, modules, chunk.cache, (script) => {
    if (chunk.cache === undefined || script.cachedDataRejected) uncached.push({ environment, id: chunk.id, script });
  });
}

/** Registers a compiled chunk's functions for the modules whose current code is the code they were compiled from (a stale one is compiled, never run). */
function registerFunctions(
  chunk: { modules: ChunkModule[]; functions: ModuleFunction[] } | undefined,
  byId: Map<string, { code: string }>,
): void {
  chunk?.modules.forEach(({ id, code }, i) => {
    if (byId.get(id)?.code === code) compiled.set(id, { code, run: chunk.functions[i]! });
  });
}

function splitModule(id: string, code: string): ChunkModule | undefined {
  const end = code.lastIndexOf(sourceUrlMarker);
  if (end === -1) return undefined;
  const fileEnd = code.indexOf("\n", end + sourceUrlMarker.length);
  const file = code.slice(end + sourceUrlMarker.length, fileEnd === -1 ? undefined : fileEnd);
  return { id, code, body: code.slice(0, end), file };
}

/** Compiles one chunk and registers it for stack traces; its modules' functions in order, or undefined when it does not compile. */
function compileChunk(
  filename: string,
  modules: ChunkModule[],
  cachedData?: Uint8Array,
  compiledScript?: (script: vm.Script) => void,
): { modules: ChunkModule[]; functions: ModuleFunction[] } | undefined {
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
    const script = new vm.Script(`${parts.join("\n")}\n]`, { filename, ...(cachedData ? { cachedData } : {}) });
    functions = script.runInThisContext() as ModuleFunction[];
    compiledScript?.(script);
  } catch {
    return undefined; // each module is then compiled alone when the runner reaches it, and reports its own error
  }
  registerChunk(filename, { firstLines, files: modules.map((m) => m.file) });
  return { modules, functions };
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
