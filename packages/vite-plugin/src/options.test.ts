import { expect, test } from "vitest";
import { resolveOptions } from "./options.js";

test("defaults", () => {
  expect(resolveOptions()).toEqual({
    configPath: undefined,
    persist: ".kindling/state",
    viteEnvironmentName: undefined,
    childEnvironments: [],
    auxiliaryWorkers: [],
    drainTimeout: 30_000,
    cpuTimeLimit: 30_000,
    memoryLimit: 1024,
    crons: false,
    reloadOnChange: true,
    explorer: true,
  });
});

test("explorer defaults to true and can be turned off", () => {
  expect(resolveOptions({ explorer: false }).explorer).toBe(false);
  expect(() => resolveOptions({ explorer: "off" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "explorer" must be a boolean, got "off".]`,
  );
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

test("drainTimeout and cpuTimeLimit must fit a Node timer (a longer delay fires after 1 ms) and be at least 100 ms", () => {
  expect(() => resolveOptions({ drainTimeout: 2 ** 31 })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "drainTimeout" must be a whole number of milliseconds from 100 to 2147483647 (2^31-1, the longest delay Node's timers accept), got 2147483648.]`,
  );
  expect(() => resolveOptions({ cpuTimeLimit: 0 })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "cpuTimeLimit" must be a whole number of milliseconds from 100 to 2147483647 (2^31-1, the longest delay Node's timers accept), got 0.]`,
  );
  expect(() => resolveOptions({ cpuTimeLimit: 1500.5 })).toThrow(
    /"cpuTimeLimit" must be a whole number of milliseconds .* got 1500.5\./,
  );
  expect(() => resolveOptions({ drainTimeout: Infinity })).toThrow(/"drainTimeout" must be a/);
  expect(() => resolveOptions({ drainTimeout: Number.NaN })).toThrow(/"drainTimeout" must be a/);
  expect(resolveOptions({ drainTimeout: 2 ** 31 - 1, cpuTimeLimit: 100 })).toMatchObject({
    drainTimeout: 2_147_483_647,
    cpuTimeLimit: 100,
  });
});

test("memoryLimit takes MiB, at least 32", () => {
  expect(resolveOptions({ memoryLimit: 64 }).memoryLimit).toBe(64);
  expect(() => resolveOptions({ memoryLimit: 16 })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "memoryLimit" must be at least 32 (MiB), got 16.]`,
  );
  expect(() => resolveOptions({ memoryLimit: 64.5 })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "memoryLimit" must be an integer, got 64.5.]`,
  );
  expect(() => resolveOptions({ memoryLimit: "1g" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "memoryLimit" must be a number, got "1g".]`,
  );
});

test("auxiliaryWorkers take a configPath each, and an optional Vite environment name and child environments", () => {
  expect(
    resolveOptions({
      auxiliaryWorkers: [
        { configPath: "api/wrangler.jsonc" },
        { configPath: "b.toml", viteEnvironment: { name: "b", childEnvironments: ["b_rsc"] } },
      ],
    }).auxiliaryWorkers,
  ).toEqual([
    { configPath: "api/wrangler.jsonc", viteEnvironmentName: undefined, childEnvironments: [] },
    { configPath: "b.toml", viteEnvironmentName: "b", childEnvironments: ["b_rsc"] },
  ]);
  expect(() => resolveOptions({ auxiliaryWorkers: [{ config: "api/wrangler.jsonc" }] })).toThrowErrorMatchingInlineSnapshot(`
    [KindlingConfigError: [kindling] kindling() options: "auxiliaryWorkers[0].configPath" is required (expected a string).
    [kindling] kindling() options: unknown key "config" in "auxiliaryWorkers[0]".]
  `);
  expect(() => resolveOptions({ auxiliaryWorkers: { configPath: "x" } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] kindling() options: "auxiliaryWorkers" must be an array, got an object.]`,
  );
});
