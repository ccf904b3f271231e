import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { workerdFetchClasses } from "./fetch-wording.js";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { fromWireRequest } from "../../web/wire-request.js";
import { incomingCfFor } from "../../web/request-cf.js";
import { thrownMessage as thrown } from "./errors.test-support.js";

// This file shapes Node's own classes, as a generation does (Vitest runs each test file in its own process).
const { Headers: H, Request: Req, Response: Res } = workerdFetchClasses(globalThis);

function keys(value: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null)
    for (const key of Reflect.ownKeys(o)) if (typeof key === "string" && key !== "constructor") names.add(key);
  return [...names].toSorted();
}

test("Response statusText defaults to the status's reason phrase, as workerd's", () => {
  const texts = [200, 201, 404, 418, 500, 599].map((status) => new Res(null, { status }).statusText);
  expect(texts).toEqual(["OK", "Created", "Not Found", "I'm a teapot", "Internal Server Error", "Server Error"]);
  expect(new Res("x").statusText).toBe("OK");
  expect(new Res(null, { status: 204, statusText: "" }).statusText).toBe("");
  expect(new Res(null, { status: 200, statusText: "Fine" }).statusText).toBe("Fine");
  const redirect = Res.redirect("https://example.com/a", 301);
  expect([redirect.status, redirect.statusText, redirect.headers.get("location")]).toEqual([
    301,
    "Moved Permanently",
    "https://example.com/a",
  ]);
  expect(Res.json({ a: 1 }, { status: 201 }).statusText).toBe("Created");
  expect(new Res(null, new Res(null, { status: 404 })).statusText).toBe("Not Found");
  const custom = new Res(null, { status: 404, statusText: "Gone Fishing" });
  expect([new Res("x", custom).statusText, new Res("x", custom).status]).toEqual(["Gone Fishing", 404]);
});

test("Request, Response and Headers have workerd's properties and defaults", () => {
  const request = new Req("http://x/", { method: "patch", cf: { cacheTtl: 5 } } as RequestInit);
  expect(keys(request)).toMatchInlineSnapshot(`
    [
      "arrayBuffer",
      "attribute",
      "blob",
      "body",
      "bodyUsed",
      "bytes",
      "cache",
      "cf",
      "clone",
      "fetcher",
      "formData",
      "headers",
      "integrity",
      "json",
      "keepalive",
      "method",
      "redirect",
      "signal",
      "text",
      "url",
    ]
  `);
  const fields = request as unknown as Record<string, unknown>;
  expect([request.method, fields.cf, fields.fetcher, request.cache, fields.mode, fields.credentials]).toEqual([
    "PATCH",
    { cacheTtl: 5 },
    null,
    undefined,
    undefined,
    undefined,
  ]);
  expect((new Req(request) as unknown as Record<string, unknown>).cf).toEqual({ cacheTtl: 5 });
  const asInit = new Req("http://y/", request);
  expect([asInit.method, asInit.url, (asInit as unknown as Record<string, unknown>).cf]).toEqual([
    "PATCH",
    "http://y/",
    { cacheTtl: 5 },
  ]);
  expect((request.clone() as unknown as Record<string, unknown>).cf).toEqual({ cacheTtl: 5 });
  expect([request instanceof Req, request instanceof Request]).toEqual([true, true]);
  expect(keys(new Res())).toContain("cf");
  const headers = new H([
    ["set-cookie", "a=1"],
    ["set-cookie", "b=2"],
  ]) as Headers & { getAll(name: string): string[] };
  expect(headers.getAll("Set-Cookie")).toEqual(["a=1", "b=2"]);
  expect(thrown(() => headers.getAll("x"))).toMatchInlineSnapshot(
    `"TypeError: getAll() can only be used with the header name "Set-Cookie"."`,
  );
  const form = new FormData();
  form.append("f", new Blob(["x"]));
  form.set("g", new Blob(["y"]));
  form.append("h", new File(["z"], "h.txt"));
  form.append("i", new Blob(["w"]), "named");
  expect(["f", "g", "h", "i"].map((name) => (form.get(name) as File).name)).toEqual(["f", "g", "h.txt", "named"]);
});

test("Request accepts and refuses init as workerd does", () => {
  expect(thrown(() => new Req("http://x/", { mode: "navigate" }))).toBe("did not throw");
  expect(thrown(() => new Req("http://x/", { credentials: "include", referrer: "not a url" }))).toBe("did not throw");
  const streamed = new Req("http://x/", { method: "POST", body: new ReadableStream() });
  expect(thrown(() => new Req("http://y/", streamed))).toBe("did not throw");
  expect(thrown(() => new Req("http://x/", { integrity: "sha256-x" }))).toMatchInlineSnapshot(
    `"TypeError: Subrequest integrity checking is not implemented. The integrity option must be either undefined or an empty string."`,
  );
  expect(thrown(() => new Req("http://x/", { redirect: "error" }))).toMatchInlineSnapshot(
    `"TypeError: Invalid redirect value, must be one of "follow" or "manual" ("error" won't be implemented since it does not make sense at the edge; use "manual" and check the response status code)."`,
  );
});

test("an incoming request has immutable headers and the client's Accept-Encoding in cf", () => {
  const wire = { method: "GET", url: "http://x/", headers: [["accept-encoding", "gzip"]] as [string, string][], body: null };
  const request = fromWireRequest(wire, { cf: incomingCfFor("gzip") });
  const cf = (request as unknown as { cf: { clientAcceptEncoding: string } }).cf;
  expect(cf.clientAcceptEncoding).toBe("gzip");
  expect(incomingCfFor("gzip")).toBe(cf);
  expect(thrown(() => request.headers.set("x", "1"))).toMatchInlineSnapshot(`"TypeError: Can't modify immutable headers."`);
  expect(thrown(() => request.headers.delete("accept-encoding"))).toMatchInlineSnapshot(
    `"TypeError: Can't modify immutable headers."`,
  );
  expect([request.headers instanceof H, request.headers.constructor.name]).toEqual([true, "Headers"]);
  const copy = new Req(request);
  copy.headers.set("x", "1");
  expect([copy.headers.get("x"), (copy as unknown as { cf: unknown }).cf]).toEqual(["1", cf]);
});

const seen: { method?: string; headers: IncomingHttpHeaders }[] = [];
const server = createServer((req, res) => {
  seen.push({ method: req.method, headers: req.headers });
  req.resume().on("end", () => res.end("ok"));
});
let origin = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("outbound fetch() sends upper-cased methods, and answers type 'default'", async () => {
  const fetch = withWorkerHeaders(globalThis.fetch, "w");
  const response = await fetch(origin, { method: "patch" });
  expect([response.type, response.statusText, await response.text()]).toEqual(["default", "OK", "ok"]);
  await (await fetch(origin, { method: "purge" })).text();
  expect(seen.map(({ method }) => method)).toEqual(["PATCH", "PURGE"]);
});
