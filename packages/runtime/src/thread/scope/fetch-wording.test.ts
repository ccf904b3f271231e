import { expect, test } from "vitest";
import { subclassedFetchClasses } from "./fetch.test-support.js";
import { withWorkerHeaders } from "./outbound-fetch.js";
import { thrownMessage as thrown, rejectedMessage as rejected } from "./errors.test-support.js";

const { Headers: H, Request: Req, Response: Res } = subclassedFetchClasses();

test("Headers refuse bad names, values and pairs with workerd's wording", () => {
  expect(thrown(() => new H({ "bad name": "x" }))).toMatchInlineSnapshot(`"TypeError: Invalid header name."`);
  expect(thrown(() => new H([["a"]] as never))).toMatchInlineSnapshot(
    `"TypeError: To initialize a Headers object from a sequence, each inner sequence must have exactly two elements."`,
  );
  expect(thrown(() => new H().set("a", "line\nbreak"))).toMatchInlineSnapshot(`"TypeError: Invalid header value."`);
  expect(thrown(() => new H().get("bad name"))).toMatchInlineSnapshot(`"TypeError: Invalid header name."`);
  const headers = new H([["a", "1"]]);
  expect([headers instanceof H, headers instanceof Headers, headers.get("a")]).toEqual([true, true, "1"]);
});

test("Request and Response refuse bad init with workerd's wording", () => {
  expect(thrown(() => new Req("/relative"))).toMatchInlineSnapshot(`"TypeError: Invalid URL: /relative"`);
  expect(thrown(() => new Req("http://x", { body: "b" }))).toMatchInlineSnapshot(
    `"TypeError: Request with a GET or HEAD method cannot have a body."`,
  );
  expect(thrown(() => new Req("http://x", { method: "bad method" }))).toMatchInlineSnapshot(
    `"TypeError: Invalid HTTP method string: bad method"`,
  );
  expect(thrown(() => new Req("http://x", { method: "CONNECT" }))).toMatchInlineSnapshot(
    `"TypeError: Invalid HTTP method string: CONNECT"`,
  );
  expect(thrown(() => new Req("http://x", { redirect: "bogus" as never }))).toMatchInlineSnapshot(
    `"TypeError: Invalid redirect value, must be one of "follow" or "manual" ("error" won't be implemented since it does not make sense at the edge; use "manual" and check the response status code)."`,
  );
  expect(thrown(() => new Req("http://x", { cache: "only-if-cached" }))).toMatchInlineSnapshot(
    `"TypeError: Unsupported cache mode: only-if-cached"`,
  );
  expect(thrown(() => new Res(null, { status: 99 }))).toMatchInlineSnapshot(
    `"RangeError: Responses may only be constructed with status codes in the range 200 to 599, inclusive."`,
  );
  expect(thrown(() => new Res("body", { status: 204 }))).toMatchInlineSnapshot(
    `"TypeError: Response with null body status (101, 204, 205, or 304) cannot have a body."`,
  );
  expect(thrown(() => new Res(null, { headers: "x" as never }))).toMatchInlineSnapshot(
    `"TypeError: Incorrect type for the 'headers' field on 'InitializerDict': the provided value is not of type 'Headers or Sequence or object'."`,
  );
  expect(thrown(() => Res.redirect("/relative"))).toMatchInlineSnapshot(`"TypeError: Unable to parse URL: /relative"`);
  expect(thrown(() => Res.redirect("https://example.com/", 200))).toMatchInlineSnapshot(
    `"RangeError: 200 is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308."`,
  );
  class Mine extends Res {}
  const mine = new Mine("x", { status: 201 });
  expect([mine instanceof Mine, mine instanceof Res, mine instanceof Response, mine.status]).toEqual([true, true, true, 201]);
});

test("fetch() rejects what workerd refuses, with its wording", async () => {
  const fetch = withWorkerHeaders(globalThis.fetch, "w");
  expect(await rejected(fetch("not a url"))).toMatchInlineSnapshot(`"TypeError: Invalid URL: not a url"`);
  expect(await rejected(fetch("ftp://example.com/"))).toMatchInlineSnapshot(
    `"TypeError: Fetch API cannot load: ftp://example.com/"`,
  );
  expect(await rejected(fetch("http://127.0.0.1:1/"))).toMatchInlineSnapshot(`"Error: Network connection lost."`);
  expect(await (await fetch("data:text/plain,hi")).text()).toBe("hi");
});

test("reading a body refuses what workerd refuses, with its wording", async () => {
  const used = new Res("x");
  await used.text();
  expect(await rejected(used.text())).toMatchInlineSnapshot(
    `"TypeError: Body has already been used. It can only be used once. Use tee() first if you need to read it twice."`,
  );
  expect(await rejected(used.arrayBuffer())).toBe(await rejected(used.json()));
  expect(thrown(() => used.clone())).toMatchInlineSnapshot(`"TypeError: This ReadableStream is currently locked to a reader,"`);
  const strings = new ReadableStream({
    start(controller) {
      controller.enqueue("s");
      controller.close();
    },
  });
  expect(await rejected(new Res(strings).text())).toMatchInlineSnapshot(`"TypeError: This ReadableStream did not return bytes."`);
  const request = new Req("http://x", { method: "POST", body: "x" });
  expect(await request.text()).toBe("x");
  expect(thrown(() => request.clone())).toBe(thrown(() => used.clone()));
});

test("Response.json(undefined) answers 'undefined' and Response.error() has headers user code may set", async () => {
  const undefinedJson = Res.json(undefined);
  expect([await undefinedJson.text(), undefinedJson.headers.get("content-type"), undefinedJson.status]).toEqual([
    "undefined",
    "application/json",
    200,
  ]);
  const error = Res.error();
  error.headers.set("x", "1");
  expect([error.headers.get("x"), error.type, error.status]).toEqual(["1", "error", 0]);
});
