/**
 * Non-JavaScript modules by wrangler's module rules (`.wasm` → `WebAssembly.Module`, `.bin` →
 * `ArrayBuffer`, `.txt`/`.html`/`.sql` → string, plus the config's `rules`), in a worker's
 * environment and its `childEnvironments` only. `vite dev`: the file becomes a JavaScript module exporting that value.
 * `vite build`: as `@cloudflare/vite-plugin` does, the import stays external and the file is
 * emitted next to the bundle, where `wrangler deploy` loads it by the same rules.
 */
import fs from "node:fs";
import path from "node:path";
import { normalizePath, type Plugin } from "vite";
import { matchModuleRule, type ModuleRule } from "../config/module-rules.js";
import type { PluginState } from "./state.js";

const referencePattern = /__KINDLING_MODULE__(.*?)__KINDLING_MODULE__/g;

export function moduleRulesPlugin(state: PluginState): Plugin {
  /** The rule a resolved id falls under in `environmentName`, if any. */
  const ruleFor = (environmentName: string, id: string): ModuleRule | undefined => {
    const worker = state.workers.find(
      (entry) => entry.environmentName === environmentName || entry.childEnvironments.includes(environmentName),
    );
    if (!worker?.config.main || id.startsWith("\0")) return undefined;
    const [file, query] = splitQuery(id);
    if (!path.isAbsolute(file)) return undefined;
    const relative = normalizePath(path.relative(path.dirname(worker.config.main), file));
    return matchModuleRule(worker.config.moduleRules, relative + query);
  };

  return {
    name: "kindling:module-rules",
    enforce: "pre",
    applyToEnvironment(environment) {
      return state.isWorkerEnvironment(environment.name);
    },
    resolveId: {
      order: "pre",
      async handler(source, importer, options) {
        if (this.environment.config.command !== "build" || source.startsWith("\0")) return undefined;
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        if (!resolved || resolved.external || !ruleFor(this.environment.name, resolved.id)) return resolved;
        return { id: `__KINDLING_MODULE__${splitQuery(resolved.id)[0]}__KINDLING_MODULE__`, external: true };
      },
    },
    load(id) {
      const rule = ruleFor(this.environment.name, id);
      if (!rule) return undefined;
      const file = splitQuery(id)[0];
      this.addWatchFile(file);
      return { code: moduleCode(rule, readModuleFile(file)), map: null, moduleType: "js" };
    },
    renderChunk(code, chunk) {
      if (!code.includes("__KINDLING_MODULE__")) return undefined;
      const replaced = code.replace(referencePattern, (_, file: string) => {
        const referenceId = this.emitFile({
          type: "asset",
          name: path.basename(file),
          originalFileName: file,
          source: readModuleFile(file),
        });
        const relative = normalizePath(path.relative(path.dirname(chunk.fileName), this.getFileName(referenceId)));
        return relative.startsWith(".") ? relative : `./${relative}`;
      });
      return { code: replaced, map: null };
    },
  };
}

/**
 * The module's JavaScript: its value built from the file's bytes once per evaluation. A
 * CompiledWasm module is compiled by the runtime (workerd precompiles it at upload), since the
 * worker's own scope refuses Wasm from bytes as workerd does.
 */
function moduleCode(rule: ModuleRule, bytes: Buffer): string {
  if (rule.type === "Text") return `export default ${JSON.stringify(bytes.toString("utf8"))};\n`;
  const decode = `Uint8Array.from(atob(${JSON.stringify(bytes.toString("base64"))}), (c) => c.charCodeAt(0))`;
  if (rule.type === "Data") return `export default ${decode}.buffer;\n`;
  return `import { compiledWasm } from "kindling:compiled-wasm";\nexport default compiledWasm(${decode});\n`;
}

function readModuleFile(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new Error(`[kindling] The worker imports "${file}", which cannot be read. Check that the file exists.`, {
      cause: error,
    });
  }
}

function splitQuery(id: string): [file: string, query: string] {
  const at = id.indexOf("?");
  return at === -1 ? [id, ""] : [id.slice(0, at), id.slice(at)];
}
