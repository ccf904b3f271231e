/**
 * `withEnv`, `withExports` and `withEnvAndExports` of `cloudflare:workers`: run a function with
 * the module's `env` / `exports` replaced for everything it does, awaits included
 * (AsyncLocalStorage), as workerd does. The module's `env` and `exports` are proxies that read the
 * current override, else the worker's own objects.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface Overrides {
  env?: object;
  exports?: object;
}

const current = new AsyncLocalStorage<Overrides>();

/** A view of `base` that shows the override of `key` while one is in effect. */
export function overridable(base: Record<string, unknown>, key: keyof Overrides): Record<string, unknown> {
  const target = () => current.getStore()?.[key] ?? base;
  return new Proxy(base, {
    get: (_base, property) => Reflect.get(target(), property),
    set: (_base, property, value) => Reflect.set(target(), property, value),
    has: (_base, property) => Reflect.has(target(), property),
    deleteProperty: (_base, property) => Reflect.deleteProperty(target(), property),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_base, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), property);
      // The override's own properties may be frozen; the proxy's target (`base`) is not.
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_base, property, descriptor) => Reflect.defineProperty(target(), property, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(target()),
  });
}

function run(api: string, overrides: Overrides, fn: unknown): unknown {
  if (typeof fn !== "function") {
    const position = api === "withEnvAndExports" ? 3 : 2;
    throw new TypeError(`Failed to execute '${api}' on 'EnvModule': parameter ${position} is not of type 'function'.`);
  }
  // Nested calls keep what the outer call replaced and they do not; a non-object replaces nothing.
  const merged: Overrides = { ...current.getStore() };
  if (overrides.env) merged.env = overrides.env;
  if (overrides.exports) merged.exports = overrides.exports;
  return current.run(merged, fn as () => unknown);
}

function asObject(value: unknown): object | undefined {
  return value !== null && (typeof value === "object" || typeof value === "function") ? value : undefined;
}

export function withEnv(newEnv: unknown, fn: () => unknown): unknown {
  return run("withEnv", { env: asObject(newEnv) }, fn);
}

export function withExports(newExports: unknown, fn: () => unknown): unknown {
  return run("withExports", { exports: asObject(newExports) }, fn);
}

export function withEnvAndExports(newEnv: unknown, newExports: unknown, fn: () => unknown): unknown {
  return run("withEnvAndExports", { env: asObject(newEnv), exports: asObject(newExports) }, fn);
}
