import { expect, test } from "vitest";
import { resolveOptions } from "./options.js";

test("defaults", () => {
  expect(resolveOptions()).toEqual({
    configPath: undefined,
    persist: ".kindling/state",
    viteEnvironmentName: undefined,
    drainTimeout: 30_000,
    cpuTimeLimit: 30_000,
    memoryLimit: 1024,
    crons: false,
    reloadOnChange: true,
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

test("reloadOnChange defaults to true and can be turned off", () => {
  expect(resolveOptions({}).reloadOnChange).toBe(true);
  expect(resolveOptions({ reloadOnChange: false }).reloadOnChange).toBe(false);
});

test("a wrong reloadOnChange names the option and what it got", () => {
  expect(() => resolveOptions({ reloadOnChange: "no" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "reloadOnChange" must be a boolean, got "no".]`,
  );
});

test("memoryLimit takes MiB, at least 32", () => {
  expect(resolveOptions({ memoryLimit: 64 }).memoryLimit).toBe(64);
  expect(() => resolveOptions({ memoryLimit: 16 })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "memoryLimit" must be at least 32 (MiB), got 16.]`,
  );
  expect(() => resolveOptions({ memoryLimit: "1g" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "memoryLimit" must be a number, got "1g".]`,
  );
});
