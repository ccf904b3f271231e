import { afterAll, beforeAll, expect, test } from "vitest";
import { rewriteRequestHead } from "./outbound-dispatcher.js";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { FixedLengthStream } from "./workerd-streams.js";
import { recordBlobStreamLengths } from "./stream-length.js";
import { startEchoServer, type Echo } from "./fetch.test-support.js";

let server: Awaited<ReturnType<typeof startEchoServer>>;
let origin: string;

beforeAll(async () => {
  recordBlobStreamLengths(Blob);
  server = await startEchoServer();
  origin = server.origin;
});
afterAll(() => server.close());

const fetch = withWorkerHeaders(globalThis.fetch, "w");
const echoed = async (path: string, init?: RequestInit) => (await (await fetch(origin + path, init)).json()) as Echo;
const names = (echo: Echo) => echo.headers.map(([name]) => name);

test("a GET carries only host and CF-Worker, as workerd sends it", async () => {
  const echo = await echoed("/");
  expect(echo.headers.map(([name, value]) => `${name}: ${value.replace(/:\d+$/, ":<port>")}`)).toMatchInlineSnapshot(`
    [
      "host: 127.0.0.1:<port>",
      "cf-worker: w.example.com",
    ]
  `);
});

test("headers the worker sets are sent, undici's defaults only then", async () => {
  const echo = await echoed("/", { headers: { "user-agent": "probe", accept: "text/plain", "x-a": "1" } });
  expect(names(echo).toSorted()).toEqual(["accept", "cf-worker", "host", "user-agent", "x-a"]);
  expect(echo.headers.find(([name]) => name === "user-agent")?.[1]).toBe("probe");
});

test("a body-less DELETE or PURGE sends content-length: 0, a GET none", async () => {
  for (const method of ["DELETE", "PURGE"]) {
    const echo = await echoed("/", { method });
    expect([echo.method, echo.headers.find(([name]) => name === "content-length")?.[1]]).toEqual([method, "0"]);
  }
  expect(names(await echoed("/"))).not.toContain("content-length");
});

test("a Blob stream or a FixedLengthStream goes out with its length, another stream chunked", async () => {
  const blob = await echoed("/", { method: "POST", body: new Blob(["abc"]).stream(), duplex: "half" } as RequestInit);
  expect([blob.body, blob.headers.find(([name]) => name === "content-length")?.[1]]).toEqual(["abc", "3"]);
  const fixed = new FixedLengthStream(2);
  const writer = fixed.writable.getWriter();
  void writer.write(new Uint8Array([104, 105])).then(() => writer.close());
  const sent = await echoed("/", { method: "PUT", body: fixed.readable, duplex: "half" } as RequestInit);
  expect([sent.body, sent.headers.find(([name]) => name === "content-length")?.[1]]).toEqual(["hi", "2"]);
  const other = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("xyz"));
      controller.close();
    },
  });
  const chunked = await echoed("/", { method: "POST", body: other, duplex: "half" } as RequestInit);
  expect([chunked.body, chunked.headers.find(([name]) => name === "transfer-encoding")?.[1]]).toEqual(["xyz", "chunked"]);
});

test("redirects are followed and an abort signal still aborts", async () => {
  const redirected = await echoed("/redirect");
  expect([redirected.path, names(redirected)]).toEqual(["/target", ["host", "cf-worker"]]);
  const controller = new AbortController();
  const pending = fetch(`${origin}/`, { signal: controller.signal });
  controller.abort(new Error("stop"));
  await expect(pending).rejects.toThrow("stop");
});

test("rewriteRequestHead drops undici's connection line and adds content-length: 0 where workerd does", () => {
  expect(rewriteRequestHead("DELETE /x HTTP/1.1\r\nhost: h\r\nconnection: keep-alive\r\na: b\r\n\r\n")).toBe(
    "DELETE /x HTTP/1.1\r\nhost: h\r\na: b\r\ncontent-length: 0\r\n\r\n",
  );
  expect(rewriteRequestHead("GET / HTTP/1.1\r\nhost: h\r\nconnection: close\r\n\r\n")).toBe("GET / HTTP/1.1\r\nhost: h\r\n\r\n");
  const chunked = "POST / HTTP/1.1\r\nhost: h\r\nconnection: keep-alive\r\ntransfer-encoding: chunked\r\n";
  expect(rewriteRequestHead(chunked)).toBe("POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n");
  expect(rewriteRequestHead("not a request head\r\nconnection: close\r\n")).toBe("not a request head\r\nconnection: close\r\n");
});
