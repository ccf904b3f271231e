import { inspect } from "node:util";
import { expect, test } from "vitest";
import { KindlingConfigError } from "./errors.js";

test("a config error prints as its message alone: no stack frames, no cause (Vite prints a failed start with inspect)", () => {
  const error = new KindlingConfigError('[kindling] wrangler.jsonc: "main" must be a string, got 42.', {
    cause: new Error("inner"),
  });
  expect(error.stack).toMatch(/\n\s+at /);
  expect(inspect(error)).toBe('[kindling] wrangler.jsonc: "main" must be a string, got 42.');
  expect(`error when starting dev server:\n${inspect(error)}`).not.toMatch(/\bat |inner|cause/);
});
