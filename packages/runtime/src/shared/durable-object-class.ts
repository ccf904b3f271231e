/**
 * `DurableObjectClass`: a Durable Object class of another worker, handed around as a value (the
 * Worker Loader's `stub.getDurableObjectClass(name)`), to be run by `ctx.facets.get()`. Shared by
 * the two bindings that make and use it, which never import each other.
 */
export class DurableObjectClass {
  get [Symbol.toStringTag](): string {
    return "DurableObjectClass";
  }
}

const targets = new WeakMap<object, { worker: string; className: string }>();

export function createDurableObjectClass(worker: string, className: string): DurableObjectClass {
  const value = new DurableObjectClass();
  targets.set(value, { worker, className });
  return value;
}

/** The worker and class name a DurableObjectClass stands for, else undefined. */
export function durableObjectClassTarget(value: unknown): { worker: string; className: string } | undefined {
  return typeof value === "object" && value !== null ? targets.get(value) : undefined;
}
