/**
 * Evaluates a loaded worker's modules (the Worker Loader) with `node:vm` modules: specifiers
 * resolve against the module names given (`./lib.js` from `main.js` is `lib.js`), `cloudflare:*`
 * to this thread's runtime modules. Nothing else is importable: no host files, no `node:*`.
 */
import vm from "node:vm";
import path from "node:path";
import type { LoadedModule } from "../../protocol/loader.js";

type VmModule = vm.Module;

/** `cloudflare:*` modules, by specifier: file URLs of the runtime's own modules. */
const RUNTIME_MODULES: Record<string, URL> = {
  "cloudflare:workers": new URL("../../modules/workers.js", import.meta.url),
  "cloudflare:email": new URL("../../modules/email.js", import.meta.url),
};

/** Links and evaluates the graph under `mainModule`; resolves with its namespace. */
export async function evaluateModules(modules: LoadedModule[], mainModule: string): Promise<Record<string, unknown>> {
  const byName = new Map(modules.map((module) => [module.name, module]));
  const built = new Map<string, VmModule>();
  const noSuchModule = (name: string) => new Error(`No such module: ${name}`);

  const build = (name: string): VmModule => {
    const cached = built.get(name);
    if (cached) return cached;
    const module = byName.get(name);
    if (!module) throw noSuchModule(name);
    const made = create(module);
    built.set(name, made);
    return made;
  };

  const linker = async (specifier: string, referrer: VmModule): Promise<VmModule> => {
    const runtime = RUNTIME_MODULES[specifier];
    if (runtime) return await synthetic(specifier, (await import(runtime.href)) as Record<string, unknown>);
    if (/^[a-z][a-z0-9+.-]*:/i.test(specifier)) {
      throw new Error(
        `No such module "${specifier}".\n  imported from "${referrer.identifier}". ` +
          "[kindling] A loaded worker reaches no Node.js built-ins here (they would reach the host's files and process).",
      );
    }
    const name = specifier.startsWith("/")
      ? specifier.slice(1)
      : path.posix.join(path.posix.dirname(referrer.identifier), specifier);
    return build(path.posix.normalize(name));
  };

  const main = build(mainModule);
  await main.link(linker);
  await main.evaluate();
  return main.namespace as Record<string, unknown>;
}

function create(module: LoadedModule): VmModule {
  switch (module.kind) {
    case "js":
      try {
        return new vm.SourceTextModule(module.source, { identifier: module.name });
      } catch (error) {
        throw withLocation(error, module);
      }
    case "cjs":
      return commonJs(module.name, module.source);
    case "text":
      return syntheticNow(module.name, { default: module.source });
    case "json":
      return syntheticNow(module.name, { default: JSON.parse(module.source) });
    case "data":
      return syntheticNow(module.name, { default: module.bytes });
    case "wasm":
      return syntheticNow(module.name, { default: new WebAssembly.Module(module.bytes) });
  }
}

/** A CommonJS module: `module.exports` as the default export (no `require` of other modules). */
function commonJs(name: string, source: string): VmModule {
  const module = { exports: {} as unknown };
  const run = vm.compileFunction(source, ["module", "exports", "require"], { filename: name });
  const require = (specifier: string) => {
    throw new Error(`No such module "${specifier}".\n  imported from "${name}".`);
  };
  run(module, module.exports, require);
  return syntheticNow(name, { default: module.exports });
}

function syntheticNow(name: string, exports: Record<string, unknown>): VmModule {
  const names = Object.keys(exports);
  return new vm.SyntheticModule(
    names,
    function () {
      for (const key of names) this.setExport(key, exports[key]);
    },
    { identifier: name },
  );
}

async function synthetic(name: string, namespace: Record<string, unknown>): Promise<VmModule> {
  const module = syntheticNow(name, { ...namespace });
  await module.link(() => {
    throw new Error("unreachable");
  });
  return module;
}

/**
 * Node's module parser gives a SyntaxError no position; the script parser does. When it fails the
 * same way on the text with its import and export keywords blanked (positions kept), its line and
 * caret say where (workerd: "at main.js:1:16").
 */
function withLocation(error: unknown, module: { name: string; source: string }): unknown {
  if (!(error instanceof SyntaxError)) return error;
  const script = module.source
    .replace(/^([ \t]*)import\b[^;\n]*;?/gm, (line) => " ".repeat(line.length))
    .replace(/^([ \t]*)export\s+default\s+/gm, (text) => "0,".padEnd(text.length))
    .replace(/^([ \t]*)export\s+/gm, (text) => " ".repeat(text.length));
  try {
    vm.compileFunction(script, [], { filename: module.name });
  } catch (scriptError) {
    const lines = (scriptError as Error).stack?.split("\n") ?? [];
    const line = /:(\d+)$/.exec(lines[0] ?? "")?.[1];
    // V8's column, 0-based as workerd prints it; at the end of the input there is no caret.
    const marker = lines[2] ?? "";
    const column = marker.includes("^") ? marker.indexOf("^") : marker.length;
    if ((scriptError as Error).message === error.message && line) {
      Object.defineProperty(error, "location", { value: `${module.name}:${line}:${column}` });
    }
  }
  return error;
}
