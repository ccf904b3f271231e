import { expect, test } from "vitest";
import { Exports } from "./exports.js";

const turn = () => new Promise((resolve) => setImmediate(resolve));

test("the disposer runs once, after the last holder (dup()s included) is released", async () => {
  const exports = new Exports();
  let disposed = 0;
  const id = exports.add({ [Symbol.dispose]: () => void disposed++ }, undefined);
  exports.dup(id);
  exports.release(id);
  await turn();
  expect(disposed).toBe(0);
  expect(exports.get(id)).toBeDefined();
  exports.release(id);
  exports.release(id);
  await turn();
  expect(disposed).toBe(1);
  expect(exports.get(id)).toBeUndefined();
});

test("each export of the same object is a holder of its own", async () => {
  const exports = new Exports();
  const seen: string[] = [];
  const target = { [Symbol.dispose]: () => void seen.push("disposed") };
  const first = exports.add(target, undefined);
  const second = exports.add(target, undefined);
  exports.release(first);
  await turn();
  expect(seen).toEqual(["disposed"]);
  expect(exports.get(second)?.value).toBe(target);
});
