import { describe, expect, test } from "vitest";
import { canonical, compareRuns, listProblems, probeIds, rowProblems, summarize, type Run } from "./compare.mjs";

const golden: Run = {
  web: {
    globals: { area: "Global scope", probes: { "typeof self": { ok: "object" }, "typeof fetch": { ok: "function" } } },
    broken: { area: "Web APIs", probes: { a: { ok: 1 }, b: { ok: 2 } } },
  },
};

const kindling: Run = {
  web: {
    globals: { area: "Global scope", probes: { "typeof self": { ok: "undefined" }, "typeof fetch": { ok: "function" } } },
    broken: { routeError: "HTTP 500: ReferenceError: x is not defined" },
  },
};

describe("compareRuns", () => {
  test("compares probe by probe and gives every probe of a failed route the route's error", () => {
    const rows = compareRuns(golden, kindling, {});
    expect(rows.map((row) => [row.id, row.same, row.actual])).toEqual([
      ["web/globals/typeof self", false, { ok: "undefined" }],
      ["web/globals/typeof fetch", true, { ok: "function" }],
      ["web/broken/a", false, { routeError: "HTTP 500: ReferenceError: x is not defined" }],
      ["web/broken/b", false, { routeError: "HTTP 500: ReferenceError: x is not defined" }],
    ]);
  });

  test("compares with production's answer where an override gives one", () => {
    const overrides = { "web/globals/typeof self": { expected: { ok: "undefined" }, why: "docs say so" } };
    const [row] = compareRuns(golden, kindling, {}, overrides);
    expect(row).toMatchObject({ same: true, expected: { ok: "undefined" }, oracle: { ok: "object" }, override: "docs say so" });
  });

  test("ignores key order in answers", () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      canonical({ a: { c: [3, { e: 5, f: 4 }], d: 2 }, b: 1 }),
    );
  });
});

describe("rowProblems", () => {
  test("reports unlisted differences, listed probes that now match, and probes the golden files lack", () => {
    const known = {
      "web/globals/typeof fetch": { category: "not fixed yet", why: "x" },
      "web/broken/a": { category: "not fixed yet", why: "y" },
    };
    const extra: Run = {
      web: {
        ...kindling.web,
        globals: { area: "Global scope", probes: { ...(kindling.web!.globals as { probes: object }).probes, new: { ok: 1 } } },
      },
    } as Run;
    const problems = rowProblems(compareRuns(golden, extra, known), extra);
    expect(problems).toMatchInlineSnapshot(`
      [
        "web/globals/typeof self: differs from workerd (not in known-differences.json)
          expected: {"ok":"object"}
          kindling: {"ok":"undefined"}",
        "web/globals/typeof fetch: now matches workerd; remove it from known-differences.json",
        "web/broken/b: differs from workerd (not in known-differences.json)
          expected: {"ok":2}
          kindling: {"routeError":"HTTP 500: ReferenceError: x is not defined"}",
        "web/globals/new: not in the golden files; run \`pnpm conformance:record\`",
      ]
    `);
  });
});

describe("listProblems", () => {
  test("refuses entries for missing probes, unknown categories and reasons left to triage", () => {
    const known = {
      "web/globals/typeof self": { category: "not fixed yet", why: "TODO: triage" },
      "web/globals/gone": { category: "not fixed yet", why: "x" },
      "web/globals/typeof fetch": { category: "someday", why: "x" },
    };
    const overrides = { "web/nope/x": { expected: { ok: 1 }, why: "y" } };
    expect(listProblems(probeIds(golden), known, overrides)).toMatchInlineSnapshot(`
      [
        "web/globals/typeof self: known-differences.json entry needs a one-line "why" (found "TODO: triage")",
        "web/globals/gone: listed in known-differences.json, but no such probe in the golden files",
        "web/globals/typeof fetch: unknown category "someday" (one of: not fixed yet; Node limitation; oracle differs from production; deliberate dev-time improvement)",
        "web/nope/x: listed in production-overrides.json, but no such probe in the golden files",
      ]
    `);
  });
});

test("summarize gives identical probes per area in the report's order", () => {
  expect(summarize(compareRuns(golden, kindling, {}))).toEqual({
    areas: [
      { area: "Global scope", probes: 2, identical: 1, percent: 50 },
      { area: "Web APIs", probes: 2, identical: 0, percent: 0 },
    ],
    total: { probes: 4, identical: 1, percent: 25 },
  });
});
