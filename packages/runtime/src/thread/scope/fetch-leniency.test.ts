import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { workerdFetchClasses } from "./fetch-wording.js";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { toWireRequest } from "../../web/wire-request.js";
import { thrownMessage as thrown } from "./errors.test-support.js";

// Subclasses of Node's classes, so that the prototype methods changed here are these classes' own.
const {
  Headers: H,
  Request: Req,
  Response: Res,
} = workerdFetchClasses({
  Headers: class extends Headers {},
  Request: class extends Request {},
  Response: class extends Response {},
});

interface Echo {
  method: string;
  path: string;
  /** Header lines as sent, values as hex of their bytes. */
  headers: string[];
  body: string;
}

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers: string[] = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2)
        headers.push(`${request.rawHeaders[i]}: ${Buffer.from(request.rawHeaders[i + 1] ?? "", "latin1").toString("hex")}`);
      const body = Buffer.concat(chunks).toString();
      response.end(JSON.stringify({ method: request.method ?? "", path: request.url ?? "", headers, body } satisfies Echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const fetch = withWorkerHeaders(globalThis.fetch, "w");
const echoed = async (request: Request) => (await (await fetch(request)).json()) as Echo;

test("a header value above U+00FF is kept as set, as workerd keeps it, and sent as UTF-8", async () => {
  const headers = new H();
  expect(headers.set("a", "\u0100")).toBeUndefined();
  headers.append("a", " é😀 ");
  headers.set("b", "plain");
  expect(headers.get("a")).toBe("\u0100, é😀");
  expect([...headers]).toEqual([
    ["a", "\u0100, é😀"],
    ["b", "plain"],
  ]);
  const seen: string[] = [];
  headers.forEach((value, name) => seen.push(`${name}=${value}`));
  expect(seen).toEqual(["a=\u0100, é😀", "b=plain"]);
  expect(new H({ c: "\u0100" }).get("c")).toBe("\u0100");
  expect(new H([["c", "x\u0100"]]).get("c")).toBe("x\u0100");
  expect(new Req("http://x", { headers: { c: "\u0100" } }).headers.get("c")).toBe("\u0100");
  expect(new Res("", { status: 201, headers: { c: "\u0100" } })).toMatchObject({ status: 201, statusText: "Created" });
  expect([...new Res("x", { headers: { "content-type": "text/html", c: "\u0100" } }).headers]).toEqual([
    ["c", "\u0100"],
    ["content-type", "text/html"],
  ]);
  expect([...Res.json({}, { headers: { c: "\u0100" } }).headers]).toEqual([
    ["c", "\u0100"],
    ["content-type", "application/json"],
  ]);
  // What workerd refuses in a value still is refused, with its wording.
  expect(thrown(() => new H().set("a", "\u0100\nx"))).toMatchInlineSnapshot(`"TypeError: Invalid header value."`);
  expect(thrown(() => new H().set("a b", "\u0100"))).toMatchInlineSnapshot(`"TypeError: Invalid header name."`);
  const sent = await echoed(new Req(`${origin}/`, { headers: { a: "\u0100é" } }));
  expect(sent.headers).toContain("a: c480c3a9");
  // To another thread (a service binding, the response to the client), as the bytes.
  expect((await toWireRequest(new Req("http://x", { headers: { a: "\u0100" } }))).headers).toEqual([["a", "\u00c4\u0080"]]);
});

test("a URL with credentials keeps them in request.url; fetch() sends none, as workerd's", async () => {
  const request = new Req("http://u:p@x/path?q");
  expect(request.url).toBe("http://u:p@x/path?q");
  expect([...request.headers]).toEqual([]);
  expect(new Req(request, { method: "POST" }).url).toBe("http://u:p@x/path?q");
  expect(request.clone().url).toBe("http://u:p@x/path?q");
  expect(Object.keys(request)).toEqual([]);
  const sent = await echoed(new Req(origin.replace("http://", "http://u:p@") + "/c"));
  expect(sent.path).toBe("/c");
  expect(sent.headers.some((line) => line.toLowerCase().startsWith("authorization"))).toBe(false);
});

test("TRACE is a method (any case), sent as TRACE with content-length 0; TRACK and CONNECT are refused as workerd refuses them", async () => {
  expect(new Req("http://x", { method: "TRACE" }).method).toBe("TRACE");
  const lower = new Req("http://x", { method: "trace", body: "b" });
  expect([lower.method, lower.clone().method, new Req(lower).method]).toEqual(["TRACE", "TRACE", "TRACE"]);
  expect(new Req(new Req("http://x", { method: "TRACE" }), { method: "GET" }).method).toBe("GET");
  expect(thrown(() => new Req("http://x", { method: "track" }))).toMatchInlineSnapshot(
    `"TypeError: Invalid HTTP method string: track"`,
  );
  expect(thrown(() => new Req("http://x", { method: "CONNECT" }))).toMatchInlineSnapshot(
    `"TypeError: Invalid HTTP method string: CONNECT"`,
  );
  const sent = await echoed(new Req(`${origin}/t`, { method: "TRACE" }));
  expect([sent.method, sent.path]).toEqual(["TRACE", "/t"]);
  expect(sent.headers).toContain("content-length: 30");
  const all = new Req("http://u:p@x/", { method: "TRACE", headers: { a: "\u0100" } });
  expect([all.url, all.method, all.headers.get("a")]).toEqual(["http://u:p@x/", "TRACE", "\u0100"]);
});
