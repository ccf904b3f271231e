/**
 * Errors cross threads as plain objects that keep name, message, stack, cause and custom
 * properties: primitives, plain data (Vite's `loc: { file, line, column }`) and nested errors.
 */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError | unknown;
  [key: string]: unknown;
}

const MAX_DEPTH = 4;

export function toSerializedError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) {
    return { name: "Error", message: typeof value === "string" ? value : safeString(value) };
  }
  const out: SerializedError = { name: value.name, message: value.message, stack: value.stack };
  for (const key of Object.keys(value)) {
    const prop = toCloneable(readProperty(value, key), depth + 1);
    if (prop !== skip) out[key] = prop;
  }
  if (value.cause !== undefined && depth < MAX_DEPTH) out.cause = toSerializedError(value.cause, depth + 1);
  return out;
}

export function fromSerializedError(data: SerializedError): Error {
  const { name, message, stack, cause, ...rest } = data;
  const error = new Error(message, cause === undefined ? undefined : { cause: reviveCause(cause) });
  error.name = name;
  if (stack !== undefined) error.stack = stack;
  Object.assign(error, rest);
  return error;
}

const skip = Symbol("skip");

/** A structured-cloneable copy of plain data: errors serialized (own properties kept), functions and class instances dropped. */
export function toCloneableData(value: unknown): unknown {
  const data = toCloneable(value, 0);
  return data === skip ? undefined : data;
}

/** Primitives as they are, errors serialized, plain objects and arrays copied; anything else dropped. */
function toCloneable(value: unknown, depth: number): unknown {
  if (isCloneablePrimitive(value)) return value;
  if (depth > MAX_DEPTH) return skip;
  if (value instanceof Error) return toSerializedError(value, depth);
  if (Array.isArray(value)) return value.map((item) => toCloneable(item, depth + 1)).filter((item) => item !== skip);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const prop = toCloneable(readProperty(value, key), depth + 1);
      if (prop !== skip) out[key] = prop;
    }
    return out;
  }
  return skip;
}

function readProperty(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is object {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function reviveCause(cause: unknown): unknown {
  return cause && typeof cause === "object" && "message" in cause ? fromSerializedError(cause as SerializedError) : cause;
}

function isCloneablePrimitive(value: unknown): boolean {
  return value === null || ["string", "number", "boolean", "undefined"].includes(typeof value);
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
