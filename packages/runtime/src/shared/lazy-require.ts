import { createRequire } from "node:module";
import Module from "node:module";

const require = createRequire(import.meta.url);

/**
 * A CommonJS dependency loaded on first use, synchronously: a generation's thread boots without
 * what its worker never uses (`ws` alone cost 80 ms of every boot). Its modules, and the modules
 * they require later (better-sqlite3 requires its native loader on the first `new Database`), see
 * Node's `Buffer`, `process`, `global`, `setImmediate` and timers whatever the worker's global scope
 * holds (a worker without Node.js compatibility has none of them): those names are declared in the
 * scope of each such module, around its code. The worker's own CommonJS dependencies are not touched.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= withNodeScope(() => require(id) as T));
}

const prelude =
  'const {Buffer}=require("node:buffer"),process=require("node:process"),global=globalThis,' +
  '{setImmediate,clearImmediate,setTimeout,clearTimeout,setInterval,clearInterval}=require("node:timers");' +
  "return (function(){";

type CompiledModule = { parent?: object | null };
type Compile = (this: CompiledModule, content: string, filename: string, ...rest: unknown[]) => unknown;

/** Modules loaded by `lazyRequire`, and those they required. */
const runtimeModules = new WeakSet<object>();
let loading = 0;
let installed = false;

function withNodeScope<T>(load: () => T): T {
  installCompileHook();
  loading++;
  try {
    return load();
  } finally {
    loading--;
  }
}

function installCompileHook(): void {
  if (installed) return;
  installed = true;
  // Node's CommonJS compile step (also what source-map and transpile hooks wrap).
  const key = "_compile";
  const prototype = (Module as unknown as { prototype: Record<typeof key, Compile> }).prototype;
  const compile = prototype[key];
  prototype[key] = function (this: CompiledModule, content: string, filename: string, ...rest: unknown[]) {
    const parent = this.parent;
    if (loading > 0 || (parent && runtimeModules.has(parent))) {
      runtimeModules.add(this);
      // One function inside the wrapper: a module's own top-level `const Buffer` still works.
      return compile.call(this, `${prelude}${content}\n}).apply(this, arguments);`, filename, ...rest);
    }
    return compile.call(this, content, filename, ...rest);
  };
}
