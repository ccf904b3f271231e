/**
 * RPC stubs as user code sees them. `stub.method(...args)` calls, `await stub.prop` reads a
 * property, and `stub.a.b(...)` walks a path. `then`, `toJSON` and symbols are not RPC members,
 * so `await stub` and `JSON.stringify(stub)` never send a call. A call's result is pipelined
 * (pipeline.ts): `stub.getCounter().increment()` works without awaiting the first call.
 */
import type { RpcAddress } from "../protocol/messages.js";
import { pipeline } from "./pipeline.js";
import { callableWithPrototype, RpcProperty } from "./promise-classes.js";

/** Sends one operation to the stub's address; resolves with the decoded result. */
export type StubInvoker = (
  operation: { op: "call"; path: string[]; args: unknown[] } | { op: "get"; path: string[] },
) => Promise<unknown>;

export interface StubOptions {
  /** The stub stands for a function: calling it calls the remote function. */
  callable?: boolean;
  /** Members answered locally (a Durable Object stub's `id`, `name`, `fetch`). */
  members?: Record<string, unknown>;
  /** Called once when the stub is disposed, to free the remote export. */
  onDispose?: () => void;
  /** `stub.dup()`: a new stub for the same target, disposed independently. */
  dup?: () => object;
  /** What `Object.getPrototypeOf(stub)` shows (its class), e.g. workerd's `Fetcher` for a service binding. */
  prototype?: object;
}

type LocalStubFactory = (target: object) => object;
let localStubs: LocalStubFactory | undefined;

/** How `new RpcStub(target)` exports a local target: set by the generation's RPC endpoint (one per thread). */
export function setLocalStubFactory(factory: LocalStubFactory): void {
  localStubs = factory;
}

/**
 * The class a stub for an `RpcTarget` (or any object passed by reference) shows, as in workerd, and
 * `RpcStub` of `cloudflare:workers`: `new RpcStub(target)` makes a stub for a local object or
 * function, whose calls go through RPC (arguments and results cloned, targets passed as stubs).
 */
export class RpcStub {
  constructor(target?: unknown) {
    if (target === null || (typeof target !== "object" && typeof target !== "function")) {
      throw new TypeError("Failed to construct 'JsRpcStub': constructor parameter 1 is not of type 'Object'.");
    }
    if (!localStubs)
      throw new Error("[kindling] new RpcStub() was called before the generation started. Create stubs inside a handler.");
    // oxlint-disable-next-line no-constructor-return -- the stub is a proxy made by the RPC endpoint
    return localStubs(target) as RpcStub;
  }
  /** Answered by the stub itself; here only to give the prototype workerd's shape. */
  dup(): never {
    throw new TypeError("Illegal invocation");
  }
  get [Symbol.toStringTag](): string {
    return "RpcStub";
  }
}

const addresses = new WeakMap<object, RpcAddress>();

/** The address a stub of this runtime points at, else undefined. */
export function addressOfStub(value: object): RpcAddress | undefined {
  return addresses.get(value);
}

const notMembers = new Set<PropertyKey>(["then", "toJSON", "constructor"]);

export function createStub(address: RpcAddress, invoke: StubInvoker, options: StubOptions = {}): object {
  let disposed = false;
  const guarded: StubInvoker = (operation) => (disposed ? Promise.reject(usedAfterDispose()) : invoke(operation));
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    options.onDispose?.();
  };
  // A function target makes the proxy callable; an object target keeps `typeof stub` "object".
  const target = options.callable
    ? callableWithPrototype(options.prototype ?? Function.prototype)
    : Object.create(options.prototype ?? Object.prototype);
  const proxy: object = new Proxy(target, {
    get(_target, key) {
      if (key === Symbol.dispose) return dispose;
      if (key === Symbol.toStringTag) return Reflect.get(target, key);
      if (typeof key === "symbol" || notMembers.has(key)) return undefined;
      if (options.members && Object.hasOwn(options.members, key)) return options.members[key];
      if (key === "dup") {
        return () => {
          if (disposed) throw usedAfterDispose();
          return options.dup ? options.dup() : createStub(address, invoke, options);
        };
      }
      return createProperty(guarded, [key]);
    },
    apply(_target, _this, args) {
      return pipeline(guarded({ op: "call", path: [], args }));
    },
    has: () => false,
    set: () => false,
    ownKeys: () => Reflect.ownKeys(target),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(target, key),
  });
  addresses.set(proxy, address);
  return proxy;
}

/** `stub.x`: callable (a method call) and thenable (a property read), and `stub.x.y` goes deeper. */
function createProperty(invoke: StubInvoker, path: string[]): unknown {
  let read: Promise<unknown> | undefined;
  const get = () => (read ??= invoke({ op: "get", path }));
  return new Proxy(callableWithPrototype(RpcProperty.prototype), {
    get(_target, key) {
      if (key === "then")
        return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) =>
          get().then(onFulfilled, onRejected);
      if (key === "catch") return (onRejected?: (e: unknown) => unknown) => get().catch(onRejected);
      if (key === "finally") return (onFinally?: () => void) => get().finally(onFinally);
      if (typeof key === "symbol" || key === "toJSON") return undefined;
      return createProperty(invoke, [...path, key]);
    },
    apply(_target, _this, args) {
      return pipeline(invoke({ op: "call", path, args }));
    },
  });
}

function usedAfterDispose(): Error {
  return new Error("RPC stub used after being disposed.");
}
