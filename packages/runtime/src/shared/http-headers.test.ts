import { expect, test } from "vitest";
import { parseRangeHeader } from "./byte-range.js";
import { etagValue, includesEtag, parseEtagList } from "./etag.js";

test("a bytes= range header resolves against the body size", () => {
  expect(parseRangeHeader("bytes=2-5", 10)).toEqual({ offset: 2, length: 4 });
  expect(parseRangeHeader("bytes=8-", 10)).toEqual({ offset: 8, length: 2 });
  expect(parseRangeHeader("bytes=5-100", 10)).toEqual({ offset: 5, length: 5 });
  expect(parseRangeHeader("bytes=-3", 10)).toEqual({ offset: 7, length: 3 });
  expect(parseRangeHeader("bytes=-30", 10)).toEqual({ offset: 0, length: 10 });
  expect(parseRangeHeader("bytes=10-", 10)).toBe("unsatisfiable");
  expect(parseRangeHeader("bytes=-0", 10)).toBe("unsatisfiable");
  // Not one well-formed single range: the caller serves the whole body.
  expect(parseRangeHeader("bytes=5-2", 10)).toBeUndefined();
  expect(parseRangeHeader("bytes=0-1,3-4", 10)).toBeUndefined();
  expect(parseRangeHeader("items=0-1", 10)).toBeUndefined();
});

test("ETag lists compare strongly for If-Match and weakly for If-None-Match", () => {
  const list = parseEtagList(`"a", W/"b"`);
  expect(list).toEqual([
    { type: "strong", value: "a" },
    { type: "weak", value: "b" },
  ]);
  expect(includesEtag(list, "a", false)).toBe(true);
  expect(includesEtag(list, "b", false)).toBe(false);
  expect(includesEtag(list, "b", true)).toBe(true);
  expect(includesEtag(parseEtagList("*"), "anything", false)).toBe(true);
  expect(() => parseEtagList("a, b")).toThrow("Invalid conditional header");
  expect(etagValue('W/"x"')).toBe("x");
  expect(etagValue("x")).toBeUndefined();
});
