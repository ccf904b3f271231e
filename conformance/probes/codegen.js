/* oxlint-disable no-eval -- refusing code generation is what these probes observe */
/** Code generation from strings and bytes, which workerd refuses at run time. */
export const area = "Global scope";

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
const addWasm = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 7, 7, 1, 3, 97, 100, 100, 0, 0, 10, 9, 1, 7, 0, 32,
  0, 32, 1, 106, 11,
]);

export function probes() {
  return {
    "eval('1 + 1')": () => eval("1 + 1"),
    "indirect eval": () => (0, eval)("2 + 2"),
    "new Function": () => new Function("a", "return a * 2")(21),
    "Function('return this')()": () => typeof Function("return this")(),
    "AsyncFunction constructor": async () => {
      const AsyncFunction = (async () => {}).constructor;
      return await new AsyncFunction("return 3")();
    },
    "GeneratorFunction constructor": () => {
      const GeneratorFunction = function* () {}.constructor;
      return [...new GeneratorFunction("yield 1")()];
    },
    "setTimeout with a string handler": () => {
      const id = setTimeout("globalThis.__conformanceStringTimer = 1", 0);
      clearTimeout(id);
      return "scheduled";
    },
    "WebAssembly.validate(bytes)": () => WebAssembly.validate(addWasm),
    "WebAssembly.compile(bytes)": async () => {
      const module = await WebAssembly.compile(addWasm);
      return WebAssembly.Module.exports(module);
    },
    "new WebAssembly.Module(bytes)": () => WebAssembly.Module.exports(new WebAssembly.Module(addWasm)),
    "WebAssembly.instantiate(bytes)": async () => {
      const { instance } = await WebAssembly.instantiate(addWasm);
      return instance.exports.add(2, 3);
    },
    "WebAssembly.compileStreaming(response)": async () => {
      const module = await WebAssembly.compileStreaming(
        new Response(addWasm, { headers: { "content-type": "application/wasm" } }),
      );
      return WebAssembly.Module.exports(module);
    },
    "import() of a data: URL": async () => Object.keys(await import(/* @vite-ignore */ "data:text/javascript,export default 1")),
    "new RegExp (not code generation)": () => new RegExp("a+b").test("aab"),
  };
}
