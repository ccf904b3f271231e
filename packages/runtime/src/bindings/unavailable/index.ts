/**
 * A binding wrangler accepts that cannot run in Kindling (Workers AI, Vectorize, Browser
 * Rendering, ...): present on `env`, so `typeof env.AI` and `"AI" in env` are as in production,
 * but calling any of its methods fails with a message naming the binding, what it is, and what
 * to do instead.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";

/** Reads that inspection, `await` and JSON make on any object: they must not throw. */
const inert = new Set<PropertyKey>(["then", "toJSON", "constructor", "valueOf", "toString", "inspect"]);

export function createUnavailableBinding(descriptor: BindingDescriptor<"unavailable">): object {
  const fail = (): never => {
    throw new Error(
      `[kindling] env.${descriptor.name} (${descriptor.product}, "${descriptor.configKey}" in your wrangler config) is not available in local development. ${descriptor.message}`,
    );
  };
  const target = { [Symbol.toStringTag]: descriptor.product };
  return new Proxy(target, {
    get(_target, key) {
      if (typeof key === "symbol") return Reflect.get(target, key);
      if (inert.has(key)) return undefined;
      return fail;
    },
    set: fail,
  });
}
