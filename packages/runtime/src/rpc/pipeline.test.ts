import { expect, test } from "vitest";
import { pipeline } from "./pipeline.js";

type Any = Record<string, (...args: unknown[]) => Promise<unknown>> & Promise<unknown>;

test("calls and property reads on a pending result wait for it, then act on the value", async () => {
  const result = pipeline(Promise.resolve({ name: "ada", counter: { n: 1, add: (by: number) => 1 + by } })) as unknown as {
    name: Promise<string>;
    counter: { add(by: number): Promise<number>; n: Promise<number> };
  };
  expect(await result.name).toBe("ada");
  expect(await result.counter.add(2)).toBe(3);
  expect(await result.counter.n).toBe(1);
});

test("a call's result is itself pipelined, and the whole value is awaitable", async () => {
  const make = pipeline(Promise.resolve(() => ({ next: () => "second" }))) as unknown as () => Any;
  expect(await make().next()).toBe("second");
  expect(await (pipeline(Promise.resolve(7)) as Promise<number>)).toBe(7);
});

test("a member the result lacks fails with workerd's wording; a rejection reaches every use", async () => {
  const result = pipeline(Promise.resolve({})) as unknown as Any;
  await expect(result.nothing!()).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The RPC receiver does not implement the method "nothing".]`,
  );
  const failed = pipeline(Promise.reject(new RangeError("no"))) as unknown as Any;
  await expect(failed.anything!()).rejects.toThrow(RangeError);
  await expect(failed).rejects.toThrow("no");
});

test("disposing a pending result disposes the value once it arrives", async () => {
  let disposed = 0;
  const value = { [Symbol.dispose]: () => void disposed++ };
  let resolve!: (v: unknown) => void;
  const result = pipeline(new Promise((r) => (resolve = r))) as { [Symbol.dispose](): void };
  result[Symbol.dispose]();
  expect(disposed).toBe(0);
  resolve(value);
  await new Promise((r) => setImmediate(r));
  expect(disposed).toBe(1);
});
