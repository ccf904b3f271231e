/**
 * What Workflows can keep: params, event payloads and step results cross to the engine as
 * V8-serialized bytes, checked first the way production's RPC and storage check them.
 */
import v8 from "node:v8";
import { limits } from "./validate.js";

/** Prototypes whose instances structured clone keeps (everything else is a class instance it refuses). */
const cloneable = new Set<unknown>([
  Object.prototype,
  null,
  Array.prototype,
  Date.prototype,
  RegExp.prototype,
  Map.prototype,
  Set.prototype,
  ArrayBuffer.prototype,
  DataView.prototype,
  Boolean.prototype,
  Number.prototype,
  String.prototype,
  BigInt.prototype,
  Error.prototype,
  ...[TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError].map((Class) => Class.prototype),
  ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array]
    .concat([BigInt64Array, BigUint64Array] as never[])
    .map((Class) => Class.prototype),
]);

export type Serialized = { bytes: Uint8Array } | { function: true } | { error: Error };

/**
 * `value` as bytes; `function` when it holds one (a step result with a function ends the instance);
 * `error` for what production's serializer throws (a symbol, a class instance, a cycle).
 */
export function serialize(value: unknown): Serialized {
  try {
    if (containsFunction(value, describeRefusal, new Set())) return { function: true };
    // Production also writes the value as JSON (its cycles and BigInts fail there).
    JSON.stringify(value);
    return { bytes: v8.serialize(value) };
  } catch (error) {
    return { error: error as Error };
  }
}

export function deserialize(bytes: Uint8Array | null): unknown {
  return bytes === null ? undefined : v8.deserialize(bytes);
}

export function isTooLarge(bytes: Uint8Array): boolean {
  return bytes.byteLength > limits.valueBytes;
}

/** Throws production's DataCloneError for a symbol or a class instance; true when a function is found. */
function containsFunction(value: unknown, refuse: (value: unknown) => never, seen: Set<object>): boolean {
  if (typeof value === "function") return true;
  if (typeof value === "symbol") refuse(value);
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  if (!cloneable.has(Object.getPrototypeOf(value))) refuse(value);
  const entries =
    value instanceof Map ? [...value.keys(), ...value.values()] : value instanceof Set ? [...value] : Object.values(value);
  return entries.some((entry) => containsFunction(entry, refuse, seen));
}

function describeRefusal(value: unknown): never {
  if (typeof value === "symbol") throw new DOMException(`${String(value)} could not be cloned.`, "DataCloneError");
  const name = (value as object).constructor?.name ?? "Object";
  throw new DOMException(
    `Could not serialize object of type "${name}". This type does not support serialization.`,
    "DataCloneError",
  );
}
