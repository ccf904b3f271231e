/**
 * The module the plugin's code for a CompiledWasm module (a `.wasm` import, by wrangler's module
 * rules) imports as `kindling:compiled-wasm`: workerd compiles such modules when the worker is
 * uploaded, never from bytes at run time, so this compiles with V8's own `WebAssembly.Module`,
 * captured when the thread boots, before the worker's scope refuses it (codegen-gate.ts).
 */
const { Module } = WebAssembly;

/** `bytes` (the module file's content) as the `WebAssembly.Module` a `.wasm` import gives. */
export function compiledWasm(bytes: BufferSource): WebAssembly.Module {
  return new Module(bytes);
}
