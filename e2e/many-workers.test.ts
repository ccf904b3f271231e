/**
 * Several workers in one `vite dev` (`auxiliaryWorkers`): a gateway in front of an API worker
 * (WorkerEntrypoint default export, a named entrypoint with props) and a store worker that owns a
 * Durable Object class the gateway binds with `script_name`. Expected values and wording were
 * checked against the same app under @cloudflare/vite-plugin (workerd).
 */
import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("many-workers");
});
afterAll(() => server?.stop());

const json = async <T = unknown>(pathname: string): Promise<T> => {
  const response = await server.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
};

test("RPC through service bindings: the default entrypoint, a named one with props, callbacks and RpcTargets", async () => {
  expect(await json("/rpc/add?a=2&b=40")).toBe(42);
  expect(await json("/rpc/props")).toEqual({
    named: { entrypoint: "Named", props: { tenant: "acme", level: 3 } },
    default: { entrypoint: "default", props: {} },
  });
  expect(await json("/rpc/callback")).toEqual({ result: 42 });
  expect(await json("/rpc/target")).toEqual({ total: 7, label: "label of api v1" });
});

test("an object default export's functions take one argument over RPC, then env and ctx (workerd's rules)", async () => {
  expect(await json("/rpc/object-handlers")).toMatchInlineSnapshot(`
    [
      {
        "ok": "hello bob; env has COUNTER,ORDERS; ctx has waitUntil: function",
      },
      {
        "error": "TypeError: Attempted to call RPC function "greet" with the wrong number of arguments. When calling a top-level handler function that is not declared as part of a class, you must always send exactly one argument. In order to support variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.",
      },
      {
        "error": "TypeError: Cannot call handler function "sum" over RPC because it has the wrong number of arguments. A simple function handler can only be called over RPC if it has exactly the arguments (arg, env, ctx), where only the first argument comes from the client. To support multi-argument RPC functions, use class-based syntax (extending WorkerEntrypoint) instead.",
      },
    ]
  `);
});

test("fetch through a service binding reaches the entrypoint's fetch, with props for a named one", async () => {
  expect(await json("/rpc/named-fetch")).toEqual({
    entrypoint: "Named",
    props: { tenant: "acme", level: 3 },
    url: "http://named.example/hello?x=1",
  });
  const response = await server.fetch("/api/headers");
  expect(response.status).toBe(201);
  expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  expect(await server.fetch("/store").then((r) => r.text())).toBe("store got PUT /hello");
  // As in workerd: the other worker's exception rejects the caller's fetch() with it.
  expect(await server.fetch("/throw-caught").then((r) => r.text())).toBe("rejected TypeError: api fetch exploded");
});

test("errors cross workers as production delivers them; a missing entrypoint names itself", async () => {
  expect(await json("/rpc/errors")).toMatchInlineSnapshot(`
    {
      "details": {
        "code": "E_API",
        "isRangeError": true,
      },
      "missing": {
        "error": "TypeError: The RPC receiver does not implement the method "nothing".",
      },
      "noEntrypoint": {
        "error": "Error: [kindling] Worker "api" has no entrypoint named "Nope" (the "entrypoint" of a service binding). Export it from its entry module: export class Nope extends WorkerEntrypoint { ... }",
      },
      "noEntrypointFetch": {
        "error": "Error: [kindling] Worker "api" has no entrypoint named "Nope" (the "entrypoint" of a service binding). Export it from its entry module: export class Nope extends WorkerEntrypoint { ... }",
      },
      "objectDefault": {
        "error": "TypeError: The RPC receiver does not implement the method "anything".",
      },
      "thrown": {
        "error": "RangeError: api says no",
      },
    }
  `);
});

test("a response body streams through a service binding as the other worker produces it", async () => {
  const response = await server.fetch("/api/gated");
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  // The api worker holds the rest of its body until /release: the first part must arrive without it.
  expect(decoder.decode((await reader.read()).value)).toBe("first\n");
  expect(await server.fetch("/release").then((r) => r.text())).toBe("released");
  let rest = "";
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
  expect(rest).toBe("second\n");
});

test("a request body streams through a service binding while the response streams back", async () => {
  const url = new URL(`${server.url}/api/echo`);
  const req = http.request(url, { method: "POST", headers: { "transfer-encoding": "chunked" } });
  req.write("abc");
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => req.once("response", resolve).once("error", reject));
  const chunks = res[Symbol.asyncIterator]();
  // Each answer comes back before the next part of the request is sent: both directions stream.
  expect(String((await chunks.next()).value)).toBe("ABC");
  req.write("def");
  expect(String((await chunks.next()).value)).toBe("DEF");
  req.end();
  expect((await chunks.next()).done).toBe(true);
  expect(res.headers["x-api-method"]).toBe("POST");
});

test("a WebSocket upgrade passes through a service binding", async () => {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/ws`);
  const messages: string[] = [];
  const closed = new Promise<[number, string]>((resolve) => ws.once("close", (code, reason) => resolve([code, String(reason)])));
  ws.on("message", (data) => {
    messages.push(String(data));
    if (messages.length === 1) ws.send("hi");
    if (messages.length === 2) ws.send("close-me");
  });
  expect(await closed).toEqual([4002, "bye from api"]);
  expect(messages).toEqual(["hello from api v1", "api echo:hi"]);
});

test("a worker opens a WebSocket to another worker through a service binding and talks over it", async () => {
  expect(await json("/ws-client")).toEqual(["hello from api v1", "api echo:from gateway"]);
});

test("a Durable Object of another worker (script_name): same ids, one instance per id, shared storage", async () => {
  expect(await json("/counter/ids?name=shared")).toBe(await json("/counter/id?name=shared"));
  expect(await json("/counter/inc?name=shared")).toBe(1);
  expect(await json("/counter/local-inc?name=shared")).toBe(2);
  expect(await json("/counter/inc?name=shared")).toBe(3);
  const viaGateway = await json<{ instance: string; worker: string }>("/counter/stats?name=shared");
  const viaStore = await json<{ instance: string }>("/counter/local?name=shared");
  expect(viaGateway.worker).toBe("store");
  expect(viaStore.instance).toBe(viaGateway.instance);
  expect(await server.fetch("/counter/fetch?name=shared").then((r) => r.text())).toBe("counter fetch /path n=3");
});

test("a hibernatable WebSocket of another worker's Durable Object stays open across an edit of that worker", async () => {
  const ws = new WebSocket(`${server.url.replace("http", "ws")}/counter/ws?name=hibernating`);
  const messages: string[] = [];
  let arrived = () => {};
  ws.on("message", (data) => (messages.push(String(data)), arrived()));
  const next = () => new Promise<string>((resolve) => (arrived = () => resolve(messages.at(-1)!)));
  await new Promise((resolve) => ws.once("open", resolve));
  ws.send("one");
  expect(await next()).toBe("one -> n=1 (store v1, 1 socket)");
  server.edit("store/src/index.ts", 'const storeVersion = "v1"', 'const storeVersion = "v2"');
  await until(async () => (await json<{ version: string }>("/counter/stats?name=other")).version === "v2");
  ws.send("two");
  expect(await next()).toBe("two -> n=2 (store v2, 1 socket)");
  ws.close();
});

test("a workflow bound with script_name runs in the worker that defines it", async () => {
  const id = await json<string>("/workflow/start?name=teapot");
  await expect
    .poll(() => json<{ status: string; output?: unknown }>(`/workflow/status?id=${id}`), { timeout: 30_000, interval: 200 })
    .toMatchObject({ status: "complete", output: expect.stringMatching(/^packed teapot by store v\d$/) });
});

test("a queue's consumer may be another worker: the gateway sends, the store consumes", async () => {
  expect(await server.fetch("/jobs/send?name=first").then((r) => r.text())).toBe("sent");
  await expect.poll(() => json("/jobs/received"), { timeout: 30_000, interval: 200 }).toEqual([{ job: "first" }]);
});

test("a binding to a worker that no dev server runs fails on use, naming it", async () => {
  expect(await json("/ghost")).toMatchInlineSnapshot(`
    {
      "fetch": {
        "ok": "503 Service Unavailable",
      },
      "rpc": {
        "error": "Error: [kindling] Worker "ghost" not found. Make sure it is running locally. It is not one of this dev server's workers ("gateway", "api", "store"), and no other Kindling dev server on this machine runs it: add its wrangler config to kindling({ auxiliaryWorkers }), or start the vite dev server of its own project.",
      },
    }
  `);
});

test("only the main worker answers on Vite's port; /cdn-cgi triggers pick a worker with worker=", async () => {
  expect(await server.fetch("/nowhere").then((r) => r.text())).toBe("gateway: not found");
  const ran = await server.fetch("/cdn-cgi/handler/scheduled?worker=api&cron=*/5+*+*+*+*");
  expect([ran.status, await ran.text()]).toEqual([200, "ok"]);
  expect(await json("/scheduled-runs")).toEqual(["*/5 * * * *"]);
  const unknown = await server.fetch("/cdn-cgi/handler/scheduled?worker=nope");
  expect([unknown.status, await unknown.text()]).toMatchInlineSnapshot(`
    [
      404,
      "[kindling] There is no worker named "nope" (worker= in /cdn-cgi/handler/scheduled). Workers: "gateway", "api", "store".",
    ]
  `);
});

test("an edit of an auxiliary worker shows on the next call; the main worker keeps its generation", async () => {
  const before = await json<{ gateway: number; api: { version: string; generation: number } }>("/generation");
  server.edit("api/src/index.ts", 'const version = "api v1"', 'const version = "api v2"');
  await until(async () => (await json<typeof before>("/generation")).api.version === "api v2");
  const after = await json<typeof before>("/generation");
  expect(after.gateway).toBe(before.gateway);
  expect(after.api.generation).toBe(before.api.generation + 1);
  await server.waitForOutput("[kindling] api: generation");
  expect(server.output()).not.toContain("[kindling] gateway: generation 2 ready");
});
