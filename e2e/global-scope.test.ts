/**
 * The worker's global scope follows its compatibility date and flags as on workerd: without
 * nodejs_compat no Node.js global is visible (while the runtime's own code, here the KV binding and
 * better-sqlite3, keeps working); with it, `process.env` holds the worker's vars, never the
 * environment of the dev server's process.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("global-scope", { env: { KINDLING_E2E_HOST_SECRET: "from-the-host" } });
});
afterAll(() => server?.stop());

const refusedEval = "EvalError: Code generation from strings disallowed for this context";

test("without nodejs_compat the worker sees no process, Buffer, global or setImmediate; timers return numbers; code generation is refused, while Node's fetch still compiles its parser", async () => {
  const scope = await (await server.fetch("/")).json();
  expect(scope).toEqual({
    process: "undefined",
    Buffer: "undefined",
    setImmediate: "undefined",
    global: "undefined",
    processEnv: null,
    timer: "number",
    self: true,
    scope: "[object ServiceWorkerGlobalScope]",
    kv: "value",
    eval: refusedEval,
    newFunction: refusedEval,
    subrequest: "answered",
    wasm: "CompileError: WebAssembly.compile(): Wasm code generation disallowed by embedder",
    wasmModule: "CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder",
    // .wasm imports (at startup and in a request) are precompiled, as on workerd.
    compiledWasm: "Module 42 42",
  });
});

test("with nodejs_compat, process.env holds the worker's vars as strings and none of the host's variables", async () => {
  server.edit(
    "wrangler.jsonc",
    '"compatibility_date": "2026-06-01",',
    '"compatibility_date": "2026-06-01", "compatibility_flags": ["nodejs_compat"],',
  );
  const scope = await until(async () => {
    const body = (await (await server.fetch("/")).json()) as Record<string, unknown>;
    return body.process === "object" && body;
  }, 30_000);
  expect(scope).toMatchObject({
    Buffer: "function",
    setImmediate: "function",
    global: "object",
    processEnv: { GREETING: "hi", LIMITS: '{"max":3}' },
    // Node.js's global timers, implied by nodejs_compat from 2026-02-10.
    timer: "object",
    kv: "value",
    eval: refusedEval,
  });
  expect(JSON.stringify(scope)).not.toContain("from-the-host");
});

test("before 2025-06-01 code generation is refused during startup too, and a .wasm import still compiles there", async () => {
  server.edit("wrangler.jsonc", '"compatibility_date": "2026-06-01"', '"compatibility_date": "2025-05-01"');
  // Node.js's global timers (Timeout objects) start on 2026-02-10: numbers again on the new generation.
  const scope = await until(async () => {
    const body = (await (await server.fetch("/")).json()) as Record<string, unknown>;
    return body.timer === "number" && body;
  }, 30_000);
  expect(scope).toMatchObject({
    process: "object",
    eval: refusedEval,
    wasmModule: "CompileError: WebAssembly.Module(): Wasm code generation disallowed by embedder",
    compiledWasm: "Module 42 42",
  });
});
