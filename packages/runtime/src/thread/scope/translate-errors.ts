/**
 * Node's Web API functions and classes with workerd's error wording: the call goes to Node's own
 * implementation and only an error it throws is replaced. A class stays itself for user code (a
 * Proxy: `instanceof`, `prototype`, `name`, `length`, statics and `extends` all reach Node's class).
 */

/** workerd's error for an error Node threw, or undefined to let Node's through. */
export type Translation = (error: unknown, args: readonly unknown[]) => Error | undefined;

/** `fn` with `translate` applied to what it throws (its name and length kept). */
export function translateFunction<F extends (...args: never[]) => unknown>(fn: F, translate: Translation): F {
  const wrapped = {
    [fn.name](this: unknown, ...args: unknown[]) {
      try {
        return Reflect.apply(fn, this, args);
      } catch (error) {
        throw translate(error, args) ?? error;
      }
    },
  }[fn.name]!;
  Object.defineProperty(wrapped, "length", { value: fn.length });
  return wrapped as unknown as F;
}

/** What a constructor does around Node's: its arguments read as workerd reads them, its instance completed. */
export interface ConstructorShape {
  args?(args: unknown[]): unknown[];
  created?(instance: object, args: unknown[]): void;
  /** After Node refused the (shaped) arguments: an instance made otherwise, or undefined to refuse. */
  retry?(error: unknown, args: unknown[], construct: (args: unknown[]) => object): object | undefined;
}

/**
 * `ctor` for user code: `new` (also through a subclass) with `translate` applied to what it throws,
 * and with `shape` around the construction (its own errors are workerd's already).
 */
export function translateConstructor<C extends abstract new (...args: never[]) => object>(
  ctor: C,
  translate: Translation,
  shape?: ConstructorShape,
): C {
  const proxy: C = new Proxy(ctor, {
    construct(target, args, newTarget): object {
      const shaped = shape?.args ? shape.args(args) : args;
      const constructing = newTarget === proxy ? target : newTarget;
      let instance: object | undefined;
      try {
        instance = Reflect.construct(target, shaped, constructing) as object;
      } catch (error) {
        try {
          instance = shape?.retry?.(error, shaped, (built) => Reflect.construct(target, built, constructing) as object);
        } catch (retryError) {
          throw translate(retryError, args) ?? retryError;
        }
        if (instance === undefined) throw translate(error, args) ?? error;
      }
      shape?.created?.(instance, args);
      return instance;
    },
  });
  return proxy;
}

/** Gives `target` its own `translateFunction` of the method `target[name]` (own or inherited). */
export function translateMethod(target: object, name: string, translate: Translation): void {
  let owner: object | null = target;
  while (owner !== null && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
  const descriptor = owner === null ? undefined : Object.getOwnPropertyDescriptor(owner, name);
  if (typeof descriptor?.value !== "function") return;
  Object.defineProperty(target, name, { ...descriptor, value: translateFunction(descriptor.value, translate) });
}

/** Node's error code (`ERR_...`), if any. */
export function nodeCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}
