import { expect, test } from "vitest";
import { RpcEndpoint } from "./endpoint.js";
import { RpcStub, setLocalStubFactory } from "./stub.js";
import { RpcPromise, RpcProperty } from "./promise-classes.js";
import { Fetcher } from "./fetcher.js";
import { RpcTarget, isRpcTarget } from "./targets.js";

class Counter extends RpcTarget {
  n = 0;
  seen: unknown;
  increment(by = 1) {
    return (this.n += by);
  }
  keep(value: unknown) {
    this.seen = value;
  }
  child() {
    return new Counter();
  }
  get value() {
    return this.n;
  }
}

const endpoint = new RpcEndpoint({
  worker: "w",
  generation: 1,
  isRpcTarget,
  call: () => Promise.reject(new Error("local only")),
});
setLocalStubFactory((target) => endpoint.stubFor(target));

type Any = Record<string, (...args: unknown[]) => any> & { [Symbol.dispose](): void; dup(): Any };

test("new RpcStub(target) calls the local target through RPC: arguments are cloned, results pipelined", async () => {
  const counter = new Counter();
  const stub = new RpcStub(counter) as unknown as Any;
  expect(stub).toBeInstanceOf(RpcStub);
  const pending = stub.increment!(2);
  expect(pending).toBeInstanceOf(RpcPromise);
  expect(pending).not.toBeInstanceOf(Promise);
  expect(await pending).toBe(2);
  const member = (stub as unknown as { value: unknown }).value;
  expect(member).toBeInstanceOf(RpcProperty);
  expect(member).not.toBeInstanceOf(RpcPromise);
  expect(await member).toBe(2);
  const sent = { list: [1] };
  await stub.keep!(sent);
  expect(counter.seen).toEqual(sent);
  expect(counter.seen).not.toBe(sent);
  // An RpcTarget returned by a call comes back as a stub of the same class.
  const child = await stub.child!();
  expect(child).toBeInstanceOf(RpcStub);
  expect(await child.increment(5)).toBe(5);
});

test("a stub of a function is callable; dup() and dispose work as on any stub", async () => {
  const double = new RpcStub((x: number) => x * 2) as unknown as ((x: number) => Promise<number>) & Any;
  expect(typeof double).toBe("function");
  expect(await double(21)).toBe(42);
  const stub = new RpcStub(new Counter()) as unknown as Any;
  const copy = stub.dup();
  stub[Symbol.dispose]();
  await expect(stub.increment!()).rejects.toThrowErrorMatchingInlineSnapshot(`[Error: RPC stub used after being disposed.]`);
  expect(await copy.increment!()).toBe(1);
  // A stub given to new RpcStub is duplicated, not wrapped.
  const again = new RpcStub(copy) as unknown as Any;
  copy[Symbol.dispose]();
  expect(await again.increment!()).toBe(2);
});

test("RpcStub refuses a primitive, and RpcPromise, RpcProperty and ServiceStub cannot be constructed, with workerd's wording", () => {
  expect(() => new RpcStub(1)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to construct 'JsRpcStub': constructor parameter 1 is not of type 'Object'.]`,
  );
  expect(() => new RpcStub()).toThrow(TypeError);
  expect(() => new RpcPromise()).toThrowErrorMatchingInlineSnapshot(`[TypeError: Illegal constructor]`);
  expect(() => new RpcProperty()).toThrowErrorMatchingInlineSnapshot(`[TypeError: Illegal constructor]`);
  expect(() => new Fetcher()).toThrowErrorMatchingInlineSnapshot(`[TypeError: Illegal constructor]`);
  expect(Fetcher.name).toBe("Fetcher");
  expect(Object.getOwnPropertyNames(RpcPromise.prototype).toSorted()).toEqual(["catch", "constructor", "finally", "then"]);
});
