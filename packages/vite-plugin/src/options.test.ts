import { expect, test } from "vitest";
import { resolveOptions } from "./options.js";

test("defaults", () => {
  expect(resolveOptions()).toEqual({
    configPath: undefined,
    persist: ".kindling/state",
    viteEnvironmentName: undefined,
    drainTimeout: 30_000,
    cpuTimeLimit: 30_000,
    crons: false,
  });
});

test("a mistyped option name is rejected with its name", () => {
  expect(() => resolveOptions({ persit: false })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: unknown key "persit".]`,
  );
});

test("a wrong option type names the option and the value", () => {
  expect(() => resolveOptions({ drainTimeout: "10s" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "drainTimeout" must be a number, got "10s".]`,
  );
  expect(() => resolveOptions({ persist: true })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "persist" must be false or a string, got true.]`,
  );
});
