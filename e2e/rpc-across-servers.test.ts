/**
 * RPC between two `vite dev` servers (the dev registry) carries what it carries inside one: the
 * rpc-complete fixture's caller runs in one server, its server worker in another. Streams cross
 * streamed (a slow reader holds the producer back), Request/Response bodies and WritableStreams
 * too, callbacks go back to the caller's process, and a pipelined call leaves with its first call.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { copyFixture, registryOf, startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const viteConfig = (options: string) => `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";
export default defineConfig({ plugins: [kindling(${options})] });
`;

let caller: DevServer;
let server: DevServer;

beforeAll(async () => {
  const callerRoot = copyFixture("rpc-complete");
  const registry = registryOf(callerRoot);
  const serverRoot = copyFixture("rpc-complete");
  fs.writeFileSync(path.join(serverRoot, "vite.config.ts"), viteConfig(`{ configPath: "./server/wrangler.jsonc" }`));
  [caller, server] = await Promise.all([
    startDevServer("rpc-complete", {
      root: callerRoot,
      files: { "vite.config.ts": viteConfig("") },
      env: { KINDLING_REGISTRY_PATH: registry },
    }),
    startDevServer("rpc-complete", { root: serverRoot, env: { KINDLING_REGISTRY_PATH: registry } }),
  ]);
});
afterAll(async () => {
  await Promise.all([caller?.stop(), server?.stop()]);
});

async function get(pathname: string): Promise<string> {
  const response = await caller.fetch(pathname);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${pathname}: ${response.status} ${text}`);
  return text;
}
const json = async (pathname: string): Promise<unknown> => JSON.parse(await get(pathname));

test("a ReadableStream crosses as an argument and as a result", async () => {
  expect(await get("/stream/upper")).toBe("HELLO STREAMS");
  // A Durable Object of the caller dials the other server with a stream and hands the streamed answer on.
  expect(await get("/stream/do")).toBe("FROM THE DO!");
});

test("a slow reader holds the producer in the other server back: the stream is not buffered whole", async () => {
  const result = (await json("/stream/backpressure-big")) as { pulledWhileSlow: number; bytes: number };
  expect(result.bytes).toBe(64 * 256 * 1024);
  // What the sockets and streams between the servers hold (8 chunks here), not the 65 pulls of a producer that ran ahead.
  expect(result.pulledWhileSlow).toBeLessThan(32);
  const small = (await json("/stream/backpressure")) as { first: string; total: number };
  expect([small.first, small.total]).toEqual(["0,", 1000]);
});

test("WritableStreams, Request, Response and Headers cross with their bodies", async () => {
  expect(await json("/stream/writable")).toBe("abcdef");
  expect(await json("/stream/write-to")).toEqual({ written: "written", text: "one two three" });
  expect(await json("/request")).toMatchObject({
    described: { isRequest: true, method: "POST", body: "body text" },
    response: { isResponse: true, status: 201, statusText: "Made", text: "made: it" },
    headers: { cookies: ["a=1", "b=2"] },
  });
});

test("callbacks cross back to the caller's server, and end with the call unless dup()ed", async () => {
  expect(await json("/dup-argument")).toEqual({
    now: 40,
    dupped: 2,
    notDupped: { error: "Error: RPC stub used after being disposed." },
  });
  expect(await json("/dup")).toEqual({ viaCopy: 4, beforeLast: [], afterLast: ["dup"] });
});

test("promise pipelining across servers: calls and reads on pending results, in the first call's message", async () => {
  expect(await json("/pipeline")).toEqual({
    chained: 5,
    property: "ada",
    deep: 3,
    twice: [1, 2, 2],
    missing: { error: 'TypeError: The RPC receiver does not implement the method "nothing".' },
    // The route disposes its five results and waits for the server's disposers (across servers too).
    disposals: ["counter", "counter", "user's counter", "user's counter", "user's counter"],
  });
  await caller.fetch("/pipeline/fire?key=remote");
  await until(async () => (await json("/pipeline/open?key=remote")) === true);
  await until(async () => ((await json("/pipeline/marks")) as string[]).includes("remote"));
});
