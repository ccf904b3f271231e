/**
 * The `modules` of a Worker Loader's code, checked and typed with workerd's rules and wording: a
 * string is an ES module when its name ends in `.js` (Python, `.py`, does not run here); an object
 * names its kind with exactly one of `js`, `cjs`, `text`, `data`, `json`, `py`, `wasm`.
 */
import type { LoadedModule } from "../../protocol/loader.js";

const KINDS = ["js", "cjs", "text", "data", "json", "py", "wasm"] as const;

export function toLoadedModules(modules: unknown): LoadedModule[] {
  if (modules === null || typeof modules !== "object") {
    throw new TypeError("Failed to start Worker: 'modules' must be an object mapping module names to their content.");
  }
  return Object.entries(modules as Record<string, unknown>).map(([name, content]) => toModule(name, content));
}

function toModule(name: string, content: unknown): LoadedModule {
  if (typeof content === "string") {
    if (name.endsWith(".js")) return { name, kind: "js", source: content };
    if (name.endsWith(".py")) throw pythonUnsupported(name);
    throw new TypeError(
      `Module name must end with '.js' or '.py' (or the content must be an object indicating the type explicitly). Got: ${name}. ` +
        "If you're trying to load TypeScript, bundle it first with '@cloudflare/worker-bundler' and pass the generated JavaScript modules.",
    );
  }
  if (content instanceof WebAssembly.Module) throw wasmModuleObject(name);
  const record = (content ?? {}) as Record<string, unknown>;
  const present = KINDS.filter((kind) => record[kind] !== undefined);
  if (present.length !== 1) {
    throw new TypeError(
      "Each module must contain exactly one of 'js', 'cjs', 'text', 'data', 'json', 'py', or 'wasm'. " +
        `Module '${name}' contained ${present.length} properties.`,
    );
  }
  const kind = present[0]!;
  const value = record[kind];
  switch (kind) {
    case "js":
    case "cjs":
    case "text":
      return { name, kind, source: String(value) };
    case "json":
      return { name, kind, source: JSON.stringify(value) };
    case "data":
    case "wasm":
      if (value instanceof WebAssembly.Module) throw wasmModuleObject(name);
      return { name, kind, bytes: toArrayBuffer(value, name) };
    case "py":
      throw pythonUnsupported(name);
  }
}

function toArrayBuffer(value: unknown, name: string): ArrayBuffer {
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice().buffer;
  throw new TypeError(`Module '${name}' must be an ArrayBuffer or an ArrayBufferView.`);
}

function pythonUnsupported(name: string): Error {
  return new Error(`[kindling] Module "${name}" is Python: Kindling runs JavaScript workers only. Load it on Cloudflare.`);
}

function wasmModuleObject(name: string): Error {
  return new Error(
    `[kindling] Module "${name}" is a compiled WebAssembly.Module, which cannot cross to the loaded worker's thread here. ` +
      "Pass its bytes instead: { wasm: bytes }.",
  );
}
