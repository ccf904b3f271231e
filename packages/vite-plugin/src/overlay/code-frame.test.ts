import { expect, test } from "vitest";
import { codeFrame } from "./code-frame.js";

const source = ["const a = 1;", "function f() {", "  throw new Error('x');", "}", "f();", "export {};"].join("\n");

test("shows two lines around the location and a caret under the 1-based column", () => {
  expect(codeFrame(source, 3, 9)).toMatchInlineSnapshot(`
    "1  |  const a = 1;
    2  |  function f() {
    3  |    throw new Error('x');
       |          ^
    4  |  }
    5  |  f();"
  `);
});

test("clips the context at the start and end of the file", () => {
  expect(codeFrame(source, 1, 1).split("\n")[0]).toBe("1  |  const a = 1;");
  expect(codeFrame(source, 6, 1).split("\n").at(-2)).toBe("6  |  export {};");
});

test("is empty for a line outside the file", () => {
  expect(codeFrame(source, 40, 1)).toBe("");
});
