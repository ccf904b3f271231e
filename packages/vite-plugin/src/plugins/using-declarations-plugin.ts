/**
 * `using` and `await using` declarations in a worker's code. workerd runs them natively; the V8 of
 * Node 20 and 22 does not (a bare `SyntaxError: Unexpected identifier` with no file or line). Where
 * the Node that runs the generations lacks them, this lowers the files of a worker environment that
 * use them (to try/finally with Oxc's `usingCtx` helper, shipped with the plugin). A file Oxc cannot
 * parse fails with its path, line and column.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { transformWithOxc, type Plugin, type Rollup } from "vite";

type SourceMap = Rollup.SourceMapInput;
import type { PluginState } from "./state.js";

const HELPERS = "@oxc-project/runtime/helpers/";
/** A cheap filter: what could be a `using` declaration (the parser decides). */
const MAYBE_USING = /\busing\s+[\p{ID_Start}$_[{]/u;
const SCRIPT = /\.[cm]?[jt]sx?$/;

/** Whether this Node parses `using` declarations (V8 12.7+, Node 24). */
export function nodeSupportsUsing(): boolean {
  try {
    return typeof new Function("{ using x = null; }") === "function";
  } catch {
    return false;
  }
}

export function usingDeclarationsPlugin(state: PluginState, lower = !nodeSupportsUsing()): Plugin {
  const helpers = path.join(
    path.dirname(createRequire(import.meta.url).resolve("@oxc-project/runtime/package.json")),
    "src/helpers/esm",
  );
  return {
    name: "kindling:using-declarations",
    enforce: "post",
    apply: "serve",
    applyToEnvironment: (environment) => lower && state.isWorkerEnvironment(environment.name),
    resolveId(id) {
      if (id.startsWith(HELPERS)) return path.join(helpers, `${id.slice(HELPERS.length)}.js`);
    },
    async transform(code, id) {
      const file = id.split("?")[0]!;
      if (!SCRIPT.test(file) || file.startsWith(helpers)) return;
      return await lowerUsing(code, file);
    },
  };
}

/** `code` (JavaScript) with its `using` declarations lowered, or undefined when it has none. */
export async function lowerUsing(code: string, file: string): Promise<{ code: string; map: SourceMap } | undefined> {
  if (!MAYBE_USING.test(code)) return undefined;
  const result = await transformWithOxc(code, file, { lang: "js", target: "es2022", sourcemap: true });
  if (result.code === code || !result.code.includes(HELPERS) || !result.map) return undefined;
  return { code: result.code, map: result.map as SourceMap };
}
