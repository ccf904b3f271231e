/**
 * Code generation refused as workerd refuses it: `eval`, `new Function` and the async and generator
 * function constructors throw EvalError, and WebAssembly is not compiled from bytes, during
 * requests always and during startup (the top-level evaluation) before compatibility date
 * 2025-06-01 (`allow_eval_during_startup`). The intrinsics are replaced on this thread's global
 * scope; Vite's module runner evaluates modules with the AsyncFunction constructor it captured when
 * it loaded, which this does not touch. Node's own modules still compile WebAssembly (its fetch
 * compiles its HTTP parser, llhttp, on the first outbound request), and so do the worker's `.wasm`
 * imports, which workerd has precompiled (compiled-wasm.ts).
 */
import { readerOf } from "./reader.js";
import "./compiled-wasm.js";

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
  const { compile: compileOriginal, instantiate: instantiateOriginal, Module: ModuleOriginal } = WebAssembly;
  const isModule = (value: unknown) => value instanceof ModuleOriginal;
  const compileGate = function compile(bytes: BufferSource) {
    if (readerOf(compileGate) === "node") return compileOriginal(bytes);
    return Promise.reject(wasmError("WebAssembly.compile"));
  };
  wasm.compile = compileGate;
  const instantiateGate = function instantiate(source: unknown, imports?: WebAssembly.Imports): Promise<unknown> {
    if (isModule(source) || readerOf(instantiateGate) === "node") return instantiateOriginal(source as never, imports);
    return Promise.reject(wasmError("WebAssembly.instantiate"));
  };
  wasm.instantiate = instantiateGate;
  const ModuleGate = function Module(this: unknown, bytes: BufferSource) {
    if (new.target && readerOf(ModuleGate) === "node") return new ModuleOriginal(bytes);
    throw wasmError("WebAssembly.Module");
  };
  for (const key of ["exports", "imports", "customSections"] as const) {
    Object.defineProperty(ModuleGate, key, { value: ModuleOriginal[key], writable: true, configurable: true });
  }
  Object.defineProperty(ModuleGate, "prototype", { value: ModuleOriginal.prototype, writable: false });
  Object.defineProperty(ModuleOriginal.prototype, "constructor", { value: ModuleGate, writable: true, configurable: true });
  wasm.Module = ModuleGate;
  // workerd has no streaming compilation.
  delete wasm.compileStreaming;
  delete wasm.instantiateStreaming;
}

/** Refuses code generation from now on (call before startup, or once the entry has been evaluated). */
export function refuseCodeGeneration(g: Record<string, unknown>): void {
  refuseFunctionConstructors(g);
  refuseWasmCompilation();
}
