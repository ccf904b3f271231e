import { expect, test } from "vitest";
import { resolveOptions } from "./options.js";

test("reloadOnChange defaults to true and can be turned off", () => {
  expect(resolveOptions({}).reloadOnChange).toBe(true);
  expect(resolveOptions({ reloadOnChange: false }).reloadOnChange).toBe(false);
});

test("a wrong reloadOnChange names the option and what it got", () => {
  expect(() => resolveOptions({ reloadOnChange: "no" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "reloadOnChange" must be a boolean, got "no".]`,
  );
});
