/**
 * `RpcPromise` and `RpcProperty` of `cloudflare:workers`: the classes workerd shows for the
 * pending result of a stub call (`stub.method()`) and for a member read on a stub (`stub.prop`).
 * User code only meets them through `instanceof`; both refuse `new`, as in workerd. The objects
 * themselves are proxies (pipeline.ts, stub.ts) whose prototype is one of these.
 */
function illegalInvocation(): never {
  throw new TypeError("Illegal invocation");
}

/** One of workerd's two classes: the same members, its own name and identity. */
function pendingResultClass<Name extends string>(name: Name) {
  const classes = {
    [name]: class {
      constructor() {
        throw new TypeError("Illegal constructor");
      }
      // oxlint-disable-next-line unicorn/no-thenable -- workerd's prototype has then(); instances are proxies that answer it
      then(): never {
        return illegalInvocation();
      }
      catch(): never {
        return illegalInvocation();
      }
      finally(): never {
        return illegalInvocation();
      }
    },
  };
  return classes[name]!;
}

export const RpcPromise = pendingResultClass("RpcPromise");
export type RpcPromise = InstanceType<typeof RpcPromise>;
export const RpcProperty = pendingResultClass("RpcProperty");
export type RpcProperty = InstanceType<typeof RpcProperty>;

/** A function (so the proxy over it stays callable) whose prototype is `proto`, for `instanceof`. */
export function callableWithPrototype(proto: object): () => void {
  const target = function rpc() {};
  Object.setPrototypeOf(target, proto);
  return target;
}
