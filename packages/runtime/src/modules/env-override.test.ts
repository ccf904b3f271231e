import { expect, test } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { overridable, withEnv, withEnvAndExports, withExports } from "./env-override.js";

const base = { GREETING: "hello" };
const env = overridable(base, "env");
const exports = overridable({ Main: "loopback" }, "exports");

test("withEnv replaces the module's env for everything fn does, awaits included, and only there", async () => {
  expect(env.GREETING).toBe("hello");
  const seen = await withEnv({ GREETING: "hi", EXTRA: 1 }, async () => {
    await sleep(1);
    return { greeting: env.GREETING, keys: Object.keys(env), json: JSON.stringify(env), has: "EXTRA" in env };
  });
  expect(seen).toEqual({ greeting: "hi", keys: ["GREETING", "EXTRA"], json: `{"GREETING":"hi","EXTRA":1}`, has: true });
  expect(Object.keys(env)).toEqual(["GREETING"]);
  expect(withEnv({}, () => 42)).toBe(42);
  expect(() =>
    withEnv({}, () => {
      throw new RangeError("boom");
    }),
  ).toThrow(RangeError);
});

test("concurrent calls each see their own env", async () => {
  const read = (value: string, wait: number) =>
    withEnv({ GREETING: value }, async () => {
      await sleep(wait);
      return env.GREETING;
    });
  expect(await Promise.all([read("a", 5), read("b", 1)])).toEqual(["a", "b"]);
});

test("withExports and withEnvAndExports replace exports; nesting keeps what the outer call set", () => {
  expect(withExports({ Other: 1 }, () => [Object.keys(exports), env.GREETING])).toEqual([["Other"], "hello"]);
  expect(withEnvAndExports({ A: 1 }, { B: 2 }, () => [Object.keys(env), Object.keys(exports)])).toEqual([["A"], ["B"]]);
  expect(withEnv({ A: 1 }, () => withExports({ B: 2 }, () => [Object.keys(env), Object.keys(exports)]))).toEqual([["A"], ["B"]]);
  // A frozen replacement is fine (the proxy's own target is not frozen).
  expect(withEnv(Object.freeze({ F: 1 }), () => ({ ...env }))).toEqual({ F: 1 });
});

test("a missing function fails with workerd's wording", () => {
  expect(() => withEnv({}, 1 as never)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'withEnv' on 'EnvModule': parameter 2 is not of type 'function'.]`,
  );
  expect(() => withEnvAndExports({}, {}, undefined as never)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'withEnvAndExports' on 'EnvModule': parameter 3 is not of type 'function'.]`,
  );
});
