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

/** Code points, as hex, so that U+FFFD shows. */
const points = (text: string) => [...text].map((char) => char.codePointAt(0)!.toString(16)).join(" ");

test("a header name outside ASCII is kept, looked up and listed as workerd does (its key read as UTF-8)", () => {
  const headers = new H([
    ["x-z", "1"],
    ["x-\u4e2d", "2"],
    ["x-\u00fc", "3"],
    ["a", "4"],
    ["x-\u00fc", "5"],
    ["x-\u{1F600}", "6"],
    ["x-\u0161", "7"],
    ["X-\u0160", "8"],
    ["x-\u00e9\u00e9", "9"],
  ]);
  // Listed in the order of workerd's keys' bytes; a lead byte 0xC1-0xDA is "lowered" and reads back as U+FFFD.
  expect([...headers].map(([name, value]) => `${points(name)}=${value}`)).toEqual([
    "61=4",
    "78 2d 7a=1",
    "78 2d fffd fffd=9",
    "78 2d fffd=3, 5",
    "78 2d 4e2d=2",
    "78 2d fffd=8",
    "78 2d fffd=7",
    "78 2d 1f600=6",
  ]);
  // "X-\u0160" and "x-\u0160" share a key (ASCII lowered), "x-\u0161" has its own.
  expect([headers.get("x-\u00fc"), headers.get("X-\u00dc"), headers.has("x-\u0161"), headers.get("x-\u0160")]).toEqual([
    "3, 5",
    null,
    true,
    "8",
  ]);
  headers.delete("X-\u0160");
  expect([...headers.keys()].map(points)).toEqual([
    "61",
    "78 2d 7a",
    "78 2d fffd fffd",
    "78 2d fffd",
    "78 2d 4e2d",
    "78 2d fffd",
    "78 2d 1f600",
  ]);
  const seen: string[] = [];
  headers.forEach((_value, name) => seen.push(points(name)));
  expect(seen).toEqual([...headers.keys()].map(points));
  // 0x6C0 and 0x780 (lead bytes 0xDB, 0xDE) keep their bytes; 0x680 (0xDA) does not.
  const single = (name: string) => [...new H({ [name]: "v" }).keys()].map(points)[0];
  expect(["x-\u06c0", "x-\u0780", "x-\u0680", "x-\ud800", "\u0161"].map(single)).toEqual([
    "78 2d 6c0",
    "78 2d 780",
    "78 2d fffd fffd",
    "78 2d fffd fffd fffd",
    "fffd",
  ]);
  expect([new H().get("x-\u0161"), new H().has("x-\u00fc")]).toEqual([null, false]);
});

test("a name outside ASCII works in every write and copy; its ASCII characters still must be token characters", () => {
  const headers = new H();
  headers.set("x-\u0161", "a");
  headers.append("x-\u0161", "\u0161");
  expect([...headers].map(([name, value]) => [points(name), value])).toEqual([["78 2d fffd", "a, \u0161"]]);
  expect(new H(headers).get("x-\u0161")).toBe("a, \u0161");
  expect([...new Req("http://x", { headers }).headers]).toEqual([...headers]);
  expect([...new Req("http://x", { headers: { "x-\u0161": "1" } }).headers].map(([name]) => points(name))).toEqual([
    "78 2d fffd",
  ]);
  expect([...new Res("", { headers: [["x-\u00fc", "1"]] }).headers].map(([name]) => points(name))).toEqual([
    "63 6f 6e 74 65 6e 74 2d 74 79 70 65",
    "78 2d fffd",
  ]);
  for (const name of ["x-\u0161 ", "x-a b\u0161", "x-\u0161:", "x-\u0161\u0000"])
    expect(thrown(() => new H({ [name]: "1" }))).toBe("TypeError: Invalid header name.");
  expect(thrown(() => new H().set("x-\u0161", "a\nb"))).toBe("TypeError: Invalid header value.");
});

test("a name outside ASCII goes to another thread as its key's bytes", async () => {
  const wire = await toWireRequest(new Req("http://x", { headers: { "x-\u0161": "\u0161", b: "1" } }));
  expect(wire.headers).toEqual([
    ["b", "1"],
    ["x-\u00e5\u00a1", "\u00c5\u00a1"],
  ]);
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
