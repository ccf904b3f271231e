/**
 * Runs an RPC call or property read on a local receiver with workerd's rules: a class instance
 * (RpcTarget, DurableObject, WorkerEntrypoint) exposes what its prototype chain defines, not its
 * own instance properties (so `env` and `ctx` stay private); plain objects and functions expose
 * their own properties; nothing of Object.prototype is reachable.
 */

export type RpcCall = { op: "call"; path: string[]; args: unknown[] } | { op: "get"; path: string[] };

export async function dispatch(receiver: unknown, call: RpcCall, isRpcTarget: (value: object) => boolean): Promise<unknown> {
  const { path } = call;
  if (path.length === 0) {
    if (call.op === "get") return receiver;
    if (typeof receiver !== "function") throw new TypeError("The RPC receiver is not a function.");
    return await (receiver as (...args: unknown[]) => unknown)(...call.args);
  }
  let holder = receiver;
  for (let i = 0; i < path.length - 1; i++) {
    holder = member(holder, path[i]!, isRpcTarget);
    if (!isTraversable(holder, isRpcTarget)) throw notImplemented(path[i]!);
  }
  const key = path.at(-1)!;
  if (call.op === "get") return await member(holder, key, isRpcTarget);
  if (
    key === "constructor" ||
    (path.length === 1 && key === "fetch" && holder === receiver && !isPlainObject(holder as object))
  ) {
    throw new TypeError(`'${key}' is a reserved method and cannot be called over RPC.`);
  }
  const method = member(holder, key, isRpcTarget);
  if (typeof method !== "function") throw new TypeError(`"${key}" is not a function.`);
  return await (method as (...args: unknown[]) => unknown).apply(holder, call.args);
}

function member(holder: unknown, key: string, isRpcTarget: (value: object) => boolean): unknown {
  if (holder === null || (typeof holder !== "object" && typeof holder !== "function")) throw notImplemented(key);
  if (typeof holder === "function" || isPlainObject(holder)) {
    if (!Object.hasOwn(holder, key)) throw notImplemented(key);
    return (holder as Record<string, unknown>)[key];
  }
  if (!isRpcTarget(holder)) throw notImplemented(key);
  for (let proto = Object.getPrototypeOf(holder); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, key) && key !== "constructor") {
      const value: unknown = Reflect.get(proto, key, holder);
      // A method read through the object itself: a binding passed by reference may be a proxy (traced-binding.ts) whose methods are bound.
      return typeof value === "function" ? Reflect.get(holder, key) : value;
    }
  }
  throw notImplemented(key);
}

function isTraversable(value: unknown, isRpcTarget: (value: object) => boolean): boolean {
  if (typeof value === "function") return true;
  return value !== null && typeof value === "object" && (isPlainObject(value) || isRpcTarget(value));
}

function isPlainObject(value: object): boolean {
  return Object.getPrototypeOf(value) === Object.prototype;
}

function notImplemented(key: string): TypeError {
  return new TypeError(`The RPC receiver does not implement the method "${key}".`);
}
