/**
 * The worker's global scope follows its compatibility date and flags as on workerd: without
 * nodejs_compat no Node.js global is visible (while the runtime's own code, here the KV binding and
 * better-sqlite3, keeps working); with it, `process.env` holds the worker's vars, never the
 * environment of the dev server's process.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
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
    // workerd has only the worker's own modules: code from a data: URL is no module of them.
    dataImport: 'Error: No such module "data:text/javascript,export default 1".',
    // .wasm imports (at startup and in a request) are precompiled, as on workerd.
    compiledWasm: "Module 42 42",
  });
});

/** What the worker reads of the dev server's machine, asked to read the project's own wrangler config. */
async function hostView(): Promise<Record<string, unknown>> {
  const file = path.join(server.root, "wrangler.jsonc");
  return (await (await server.fetch(`/host?read=${encodeURIComponent(file)}`)).json()) as Record<string, unknown>;
}

test("without nodejs_compat the worker cannot import node:fs, so it reads neither /etc/hostname nor the project's files", async () => {
  const view = await hostView();
  const refusal = {
    refused:
      'Error: [kindling] "node:fs" is a Node.js built-in module, available in Workers only with the "nodejs_compat" compatibility flag. Add "nodejs_compat" to "compatibility_flags" in your wrangler config, or set "compatibility_date" to 2026-08-04 or later, when it is on by default.',
  };
  expect(view).toEqual({ etcHostname: refusal, projectFile: refusal, hostVariable: null, cwd: null });
});

test("fetch() to the internet carries CF-Worker with the worker's zone and never the client's CF-Connecting-IP", async () => {
  // Answers with what it received.
  const echo = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => res.end(JSON.stringify({ method: req.method, headers: req.headers, body })));
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  try {
    const to = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/echo`;
    const response = await server.fetch(`/outbound?to=${encodeURIComponent(to)}`, { headers: { "x-custom": "kept" } });
    const { proxied, asInit, lenient } = (await response.json()) as Record<
      string,
      { method: string; headers: Record<string, string>; body: string }
    >;
    // As @cloudflare/vite-plugin's workerd sends it (miniflare's outbound worker): `<name>.example.com` locally.
    expect(proxied.headers["cf-worker"]).toBe("global-scope.example.com");
    expect(proxied.headers["x-custom"]).toBe("kept");
    expect(proxied.headers).not.toHaveProperty("cf-connecting-ip");
    // A Request passed as fetch()'s init keeps its method, headers and body.
    expect(asInit).toMatchObject({
      method: "POST",
      body: "posted",
      headers: { "x-from": "init", "cf-worker": "global-scope.example.com" },
    });
    // As workerd sends them: the method, no credentials, the value's UTF-8 bytes (read here as latin1).
    expect(lenient.method).toBe("TRACE");
    expect(lenient.headers).toMatchObject({ "x-wide": "\u00c4\u0080", "content-length": "0" });
    expect(lenient.headers).not.toHaveProperty("authorization");
    // A response header above U+00FF reaches the client as UTF-8, as from workerd.
    expect(Buffer.from(response.headers.get("x-wide") ?? "", "latin1").toString("utf8")).toBe("\u0100");
  } finally {
    echo.closeAllConnections();
    await new Promise((resolve) => echo.close(resolve));
  }
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
  // node:fs is workerd's virtual file system: the host's files are not there, whatever the path.
  const view = await hostView();
  const file = path.join(server.root, "wrangler.jsonc");
  expect(view).toEqual({
    etcHostname: { refused: "Error: no such file or directory, readAll '/etc/hostname'" },
    projectFile: { refused: `Error: no such file or directory, readAll '${file}'` },
    hostVariable: null,
    cwd: "/bundle",
  });
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
