/**
 * Code generation refused as workerd refuses it: `eval`, `new Function` and the async and generator
 * function constructors throw EvalError, and WebAssembly is not compiled from bytes, during
 * requests always and during startup (the top-level evaluation) before compatibility date
 * 2025-06-01 (`allow_eval_during_startup`). The intrinsics are replaced on this thread's global
 * scope; the module runner compiles through vm.Script, which this does not touch.
 */
const evalError = () => new EvalError("Code generation from strings disallowed for this context");
const wasmError = (api: string) => new WebAssembly.CompileError(`${api}(): Wasm code generation disallowed by embedder`);

/** A stand-in for a function constructor: same name, length and prototype, always refusing. */
function refusing(original: Function): Function {
  const gate = {
    [original.name]: function (this: unknown) {
      throw evalError();
    },
  }[original.name]!;
  Object.defineProperty(gate, "length", { value: original.length });
  Object.defineProperty(gate, "prototype", { value: original.prototype, writable: false });
  Object.setPrototypeOf(gate, Object.getPrototypeOf(original));
  return gate;
}

function refuseFunctionConstructors(g: Record<string, unknown>): void {
  const constructors = [
    Function,
    Object.getPrototypeOf(async function () {}).constructor as Function,
    Object.getPrototypeOf(function* () {}).constructor as Function,
    Object.getPrototypeOf(async function* () {}).constructor as Function,
  ];
  for (const original of constructors) {
    const gate = refusing(original);
    Object.defineProperty(original.prototype, "constructor", { value: gate, writable: true, configurable: true });
    if (original === Function) g.Function = gate;
  }
  g.eval = {
    eval(_source: unknown): never {
      throw evalError();
    },
  }.eval;
}

function refuseWasmCompilation(): void {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  const { compile, instantiate, Module } = WebAssembly;
  const isModule = (value: unknown) => value instanceof Module;
  wasm.compile = function compileGate(_bytes: unknown) {
    return Promise.reject(wasmError("WebAssembly.compile"));
  };
  wasm.instantiate = function instantiateGate(source: unknown, imports?: WebAssembly.Imports) {
    if (isModule(source)) return instantiate(source as WebAssembly.Module, imports);
    return Promise.reject(wasmError("WebAssembly.instantiate"));
  };
  const ModuleGate = function Module() {
    throw wasmError("WebAssembly.Module");
  };
  for (const key of ["exports", "imports", "customSections"] as const) {
    Object.defineProperty(ModuleGate, key, { value: Module[key], writable: true, configurable: true });
  }
  Object.defineProperty(ModuleGate, "prototype", { value: Module.prototype, writable: false });
  Object.defineProperty(Module.prototype, "constructor", { value: ModuleGate, writable: true, configurable: true });
  wasm.Module = ModuleGate;
  // workerd has no streaming compilation.
  delete wasm.compileStreaming;
  delete wasm.instantiateStreaming;
  void compile;
}

/** Refuses code generation from now on (call before startup, or once the entry has been evaluated). */
export function refuseCodeGeneration(g: Record<string, unknown>): void {
  refuseFunctionConstructors(g);
  refuseWasmCompilation();
}
