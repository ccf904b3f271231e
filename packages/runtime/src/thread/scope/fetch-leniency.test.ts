import { afterAll, beforeAll, expect, test } from "vitest";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { toWireRequest } from "../../web/wire-request.js";
import { thrownMessage as thrown } from "./errors.test-support.js";
import { startEchoServer, subclassedFetchClasses, type Echo } from "./fetch.test-support.js";

const { Headers: H, Request: Req, Response: Res } = subclassedFetchClasses();

let server: Awaited<ReturnType<typeof startEchoServer>>;
let origin: string;

beforeAll(async () => {
  server = await startEchoServer();
  origin = server.origin;
});
afterAll(() => server.close());

const fetch = withWorkerHeaders(globalThis.fetch, "w");
/** What arrived, each header line with its value as the hex of its bytes. */
const echoed = async (request: Request) => {
  const echo = (await (await fetch(request)).json()) as Echo;
  return { ...echo, headers: echo.headers.map(([name, value]) => `${name}: ${Buffer.from(value, "latin1").toString("hex")}`) };
};

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
