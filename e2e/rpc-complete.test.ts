/**
 * RPC without gaps (issue 11, part B): streams, Request/Response/Headers, promise pipelining,
 * dup() and disposers, `using` declarations, and ctx.exports. A caller worker calls a server
 * worker (auxiliaryWorkers) and its own Durable Object. Expected values and wording were checked
 * against the same fixture under @cloudflare/vite-plugin (workerd), except where a comment says otherwise.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("rpc-complete");
});
afterAll(() => server?.stop());

async function get(pathname: string): Promise<string> {
  const response = await server.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${text}`);
  return text;
}
const json = async (pathname: string): Promise<unknown> => JSON.parse(await get(pathname));

test("a ReadableStream goes both ways: the server reads the caller's stream and streams its answer back", async () => {
  expect(await get("/stream/upper")).toBe("HELLO STREAMS");
  // A Durable Object dials the other worker with a stream and hands the streamed answer on.
  expect(await get("/stream/do")).toBe("FROM THE DO!");
});

test("a slow reader holds the producer back: a stream result is not buffered whole", async () => {
  const result = (await json("/stream/backpressure")) as { first: string; pulledWhileSlow: number; total: number };
  expect(result.first).toBe("0,");
  // workerd: 2 pulls. The host relays the stream between two threads, each hop holding a chunk or two.
  expect(result.pulledWhileSlow).toBeLessThan(20);
  expect(result.total).toBe(1000);
});

test("WritableStreams cross as arguments and results", async () => {
  expect(await json("/stream/writable")).toBe("abcdef");
  expect(await json("/stream/write-to")).toEqual({ written: "written", text: "one two three" });
});

test("Request, Response and Headers cross as themselves, bodies streamed", async () => {
  expect(await json("/request")).toEqual({
    described: {
      isRequest: true,
      method: "POST",
      url: "https://example.com/path?q=1",
      header: "yes",
      body: "body text",
    },
    response: { isResponse: true, status: 201, statusText: "Made", header: "yes", text: "made: it" },
    headers: {
      isHeaders: true,
      pairs: [
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
        ["x-one", "1"],
      ],
      cookies: ["a=1", "b=2"],
    },
  });
});

test("promise pipelining: calls and property reads on a result not yet awaited; disposing a pending result disposes it on arrival", async () => {
  expect(await json("/pipeline")).toMatchInlineSnapshot(`
    {
      "chained": 5,
      "deep": 3,
      "disposals": [
        "counter",
        "counter",
        "user's counter",
        "user's counter",
        "user's counter",
      ],
      "missing": {
        "error": "TypeError: The RPC receiver does not implement the method "nothing".",
      },
      "property": "ada",
      "twice": [
        1,
        2,
        2,
      ],
    }
  `);
});

test("a pipelined call leaves with the call whose result it is on: it runs though the caller is gone before that result exists", async () => {
  await server.fetch("/pipeline/fire?key=local");
  // The first call waits at the server's gate; the caller's isolate was aborted meanwhile.
  await until(async () => (await json("/pipeline/open?key=local")) === true);
  await until(async () => ((await json("/pipeline/marks")) as string[]).includes("local"));
});

test("a disposed stub fails with workerd's wording, and the RpcTarget's disposer runs on the server", async () => {
  // The disposer runs as Cloudflare's docs say (https://developers.cloudflare.com/workers/runtime-apis/rpc/lifecycle/);
  // the official plugin's workerd did not run it in our probe.
  expect(await json("/dispose")).toMatchInlineSnapshot(`
    {
      "afterDispose": {
        "error": "Error: RPC stub used after being disposed.",
      },
      "disposals": [
        "disposed",
      ],
    }
  `);
});

test("dup() keeps a target alive until every duplicate is disposed", async () => {
  expect(await json("/dup")).toMatchInlineSnapshot(`
    {
      "afterLast": [
        "dup",
      ],
      "beforeLast": [],
      "viaCopy": 4,
    }
  `);
});

test("a callback passed as an argument ends with the call unless the callee dup()s it", async () => {
  expect(await json("/dup-argument")).toMatchInlineSnapshot(`
    {
      "dupped": 2,
      "notDupped": {
        "error": "Error: RPC stub used after being disposed.",
      },
      "now": 40,
    }
  `);
});

test("`using` declarations load and dispose RPC results, on any Node version", async () => {
  expect(await json("/using")).toEqual(["using counter", "user's counter"]);
});

test("ctx.exports: loopback entrypoints (with props) and Durable Object namespaces, also in Durable Objects", async () => {
  expect(await json("/exports")).toMatchInlineSnapshot(`
    {
      "fromModule": "hi anonymous",
      "fromObject": "hi from a DO",
      "keys": [
        "Greeter",
        "Pipe",
        "Tail",
        "default",
      ],
      "object": "pong from x",
      "plain": "hi anonymous",
      "props": "hi bo",
      "same": false,
    }
  `);
});

test("cloudflare:workers: new RpcStub(target) calls a local RpcTarget through RPC; withEnv/withExports replace env/exports for a callback", async () => {
  expect(await json("/module-exports")).toMatchInlineSnapshot(`
    {
      "added": 2,
      "envAfter": true,
      "envInside": [
        "ONLY",
      ],
      "exportsInside": [
        "Replaced",
      ],
      "handlerEnvUntouched": true,
      "promiseClass": true,
      "propertyClass": true,
      "serviceStub": [
        true,
        true,
      ],
      "stubClass": true,
      "targetUpdated": 2,
      "total": 2,
    }
  `);
});

test("the Worker Loader: code handed over at run time, isolated, with the parent's stubs in its env; workerd's errors", async () => {
  expect(await json("/loader")).toMatchInlineSnapshot(`
    {
      "badExt": "TypeError: Module name must end with '.js' or '.py' (or the content must be an object indicating the type explicitly). Got: main.ts. If you're trying to load TypeScript, bundle it first with '@cloudflare/worker-bundler' and pass the generated JavaScript modules.",
      "badKind": "TypeError: Each module must contain exactly one of 'js', 'cjs', 'text', 'data', 'json', 'py', or 'wasm'. Module 'main.js' contained 0 properties.",
      "badModule": "Error: Failed to start Worker:
    Uncaught SyntaxError: Unexpected end of input
      at main.js:1:16",
      "callback": 40,
      "callbackBeforeUse": 0,
      "callbackCalls": 1,
      "fetch": "helped {"a":1} some text 42 hey undefined undefined",
      "kv": "stored by the loaded worker",
      "kvInParent": "stored by the loaded worker",
      "named": "named 2 {"p":1} call 1",
      "noMain": "Error: Failed to start Worker:
    Uncaught Error: No such module: nope.js",
      "nodeFs": "Error: Failed to start Worker:
    Uncaught Error: No such module "node:fs".
      imported from "main.js". [kindling] A loaded worker reaches no Node.js built-ins here (they would reach the host's files and process).",
      "outNull": "Error: This worker is not permitted to access the internet via global functions like fetch(). It must use capabilities (such as bindings in 'env') to talk to the outside world.",
      "outService": "fetched 200 server",
      "stubType": "[object WorkerStub]",
      "viaEnv": "hi the loader",
      "viaService": "THROUGH THE PARENT",
      "warm": "named 3 {} call 2",
    }
  `);
});

test("the Worker Loader's tails: each event of the loaded worker reaches the tail worker's tail() with its console lines and exceptions", async () => {
  // Checked against @cloudflare/vite-plugin's workerd (which reports wallTime and cpuTime as 0).
  expect(await json("/loader/tails")).toMatchInlineSnapshot(`
    {
      "badTail": "TypeError: Incorrect type for array element 0: the provided value is not of type 'Fetcher'.",
      "badTails": "TypeError: Incorrect type for the 'tails' field on 'WorkerCode': the provided value is not of type 'Array'.",
      "fetchThrown": "TypeError: fetch failed here",
      "fetched": "traced",
      "items": [
        {
          "event": {
            "request": {
              "headers": {
                "authorization": "REDACTED",
                "x-api-key": "REDACTED",
                "x-test": "yes",
              },
              "method": "GET",
              "url": "http://loaded/path?token=REDACTED&q=1",
            },
            "response": {
              "status": 202,
            },
          },
          "exceptions": [],
          "executionModel": "stateless",
          "logs": [
            [
              "log",
              "fetched",
              "GET",
              {
                "n": 1,
              },
            ],
          ],
          "outcome": "ok",
          "scriptName": null,
        },
        {
          "entrypoint": "Api",
          "event": {
            "rpcMethod": "boom",
          },
          "exceptions": [],
          "executionModel": "stateless",
          "logs": [
            [
              "warn",
              "about to throw",
            ],
          ],
          "outcome": "ok",
          "scriptName": null,
        },
        {
          "event": {
            "request": {
              "headers": {},
              "method": "GET",
              "url": "http://loaded/x",
            },
          },
          "exceptions": [
            "TypeError: fetch failed here",
          ],
          "executionModel": "stateless",
          "logs": [
            [
              "error",
              "bad",
            ],
          ],
          "outcome": "exception",
          "scriptName": null,
        },
      ],
      "streamingTails": "Error: [kindling] WorkerLoaderWorkerCode.streamingTails is not implemented yet in Kindling's local runtime. Please open an issue if your worker needs it.",
      "thrown": "RangeError: boom",
    }
  `);
});

test("facets: a Durable Object runs a class of loaded code (getDurableObjectClass) with storage of its own, kept across reloads", async () => {
  // Checked against @cloudflare/vite-plugin's workerd: the class and stub types, "facet 1 1 object", "facet 2 2 object".
  expect(await json("/loader/facets")).toMatchInlineSnapshot(`
    {
      "badClass": "TypeError: [kindling] ctx.facets.get(): the startup options' "class" must be a DurableObjectClass, as env.LOADER.get(id, callback).getDurableObjectClass("MyClass") returns.",
      "classType": "[object DurableObjectClass]",
      "facetType": "[object Fetcher]",
      "first": "facet 1 1 object",
      "missingClass": "Error: [kindling] The loaded worker does not export a class "Nope" for the facet "missing". Export it from the loaded code's main module: export class Nope extends DurableObject { ... }",
      "other": "facet 3 1 object",
      "parentStorage": null,
      "second": "facet 2 2 object",
      "sql": 1,
    }
  `);
  // An edit: a new generation, a new loaded isolate and facet instance; the facet's storage is kept.
  server.edit("src/loader.ts", 'generationMark = "first"', 'generationMark = "second"');
  await until(async () => (await json("/loader/mark")) === "second");
  expect(((await json("/loader/facets")) as { first: string }).first).toBe("facet 1 3 object");
});

test("abortIsolate() or the CPU limit in a loaded worker drops that isolate only; its next call runs the callback again", async () => {
  expect(await json("/loader/abort")).toMatchInlineSnapshot(`
    {
      "after": "named 1 {} call 1",
      "afterSpin": "named 1 {} call 1",
      "before": "named 1 {} call 1",
      "callbackCalls": 2,
      "died": "Error: loaded worker gave up",
      "spinnerCalls": 2,
      "spun": "Error: Worker exceeded CPU time limit.",
    }
  `);
});
