import { describe as group, expect, test } from "vitest";
import { allKeys, describe, errorOf, normalize } from "./describe.js";

group("normalize", () => {
  test("replaces loopback ports and the folder a fixture was staged in", () => {
    expect(normalize("fetch http://127.0.0.1:41234/x and localhost%3A8080")).toBe(
      "fetch http://127.0.0.1:<port>/x and localhost%3A<port>",
    );
    expect(normalize("imported from '/home/u/.cache/kindling-conformance/apps/node-2025-aB3xY9/src/probes/x.js'")).toBe(
      "imported from '<root>/src/probes/x.js'",
    );
    expect(normalize("cwd is /work/repo/conformance/.output/kindling/web-Q1w2E3")).toBe("cwd is <root>");
  });
});

group("describe", () => {
  test("keeps plain data and names everything else", () => {
    expect(describe({ a: [1, "x", null], b: undefined, c: 1n, d: Number.NaN, e: new Map(), f: function named() {} })).toEqual({
      a: [1, "x", null],
      b: "<undefined>",
      c: "<bigint 1>",
      d: "<number NaN>",
      e: "<Map>",
      f: "<function named>",
    });
  });
});

group("errorOf", () => {
  test("keeps class, name, message and code, without a trailing stack trace", () => {
    const error = Object.assign(new TypeError("bad input\n    at worker (file:///x/y.js:1:1)"), { code: "ERR_X" });
    expect(errorOf(error)).toEqual({ name: "TypeError", message: "bad input", code: "ERR_X" });
    expect(errorOf(new DOMException("m", "AbortError"))).toEqual({
      name: "AbortError",
      message: "m",
      class: "DOMException",
      code: 20,
    });
    expect(errorOf("a string")).toEqual({ thrown: "a string" });
  });
});

test("allKeys lists the prototype chain without private symbols", () => {
  class Base {
    base() {}
  }
  const hidden = Symbol("private");
  class Child extends Base {
    [hidden] = 1;
    get [Symbol.toStringTag]() {
      return "Child";
    }
    own = 1;
  }
  expect(allKeys(new Child())).toEqual(["Symbol(Symbol.toStringTag)", "base", "own"]);
});
