/**
 * The one error codec. Errors cross threads as plain objects that keep name, message, stack,
 * cause and custom properties, and come back as the class they were (TypeError, a DOMException
 * such as DataCloneError or AbortError, ...). Custom properties and causes are carried by the
 * caller's value codec: plain data for host messages (`toSerializedError`), RPC values with stubs
 * for RPC (`rpc-codec.ts`).
 */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
  [key: string]: unknown;
}

/** A value codec for an error's custom properties and cause; `skip` drops a property. */
export type ValueEncoder = (value: unknown) => unknown;
export type ValueDecoder = (value: unknown) => unknown;

export const skip = Symbol("skip");

const errorClasses: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** DOMException names user code tells apart (`error.name === "AbortError"`, `instanceof DOMException`). */
const domExceptionNames = new Set([
  "AbortError",
  "TimeoutError",
  "DataCloneError",
  "InvalidStateError",
  "NotSupportedError",
  "SyntaxError",
  "NetworkError",
  "QuotaExceededError",
  "InvalidAccessError",
  "OperationError",
  "NotFoundError",
  "SecurityError",
]);

/** `error` as data; a custom property the encoder cannot carry is dropped rather than hiding the error. */
export function encodeError(error: Error, encodeValue: ValueEncoder): SerializedError {
  const out: SerializedError = { name: error.name, message: error.message, stack: error.stack };
  if (error instanceof DOMException) out.domException = true;
  for (const key of Object.keys(error)) {
    if (key === "cause" || key === "stack" || key === "message") continue;
    try {
      const value = encodeValue(readProperty(error, key));
      if (value !== skip) out[key] = value;
    } catch {
      // dropped
    }
  }
  if ("cause" in error && error.cause !== undefined) {
    try {
      const cause = encodeValue(error.cause);
      if (cause !== skip) out.cause = cause;
    } catch {
      out.cause = safeString(error.cause);
    }
  }
  return out;
}

/**
 * The error `data` describes, of its original class where that is a standard one. `onCreated`
 * sees it before its properties are decoded (so a cycle back to it resolves).
 */
export function decodeError(data: SerializedError, decodeValue: ValueDecoder, onCreated?: (error: Error) => void): Error {
  const { name, message, stack, cause, domException, ...props } = data;
  const Class = errorClasses[name];
  let error: Error;
  if (domException === true || (!Class && domExceptionNames.has(name))) error = new DOMException(message, name);
  else {
    error = new (Class ?? Error)(message);
    if (!Class) error.name = name;
  }
  onCreated?.(error);
  if ("cause" in data) {
    Object.defineProperty(error, "cause", { value: decodeValue(cause), writable: true, configurable: true, enumerable: false });
  }
  for (const [key, value] of Object.entries(props)) {
    if (key === "name" && error instanceof DOMException) continue;
    (error as unknown as Record<string, unknown>)[key] = decodeValue(value);
  }
  if (stack !== undefined) Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
  return error;
}

const MAX_DEPTH = 4;

/** Any thrown value as plain data: an error with its properties (plain data only), else its string. */
export function toSerializedError(value: unknown): SerializedError {
  if (!(value instanceof Error)) return { name: "Error", message: typeof value === "string" ? value : safeString(value) };
  return encodeError(value, (prop) => toCloneable(prop, 1));
}

export function fromSerializedError(data: SerializedError): Error {
  return decodeError(data, reviveNested);
}

/** A structured-cloneable copy of plain data: errors serialized (own properties kept), functions and class instances dropped. */
export function toCloneableData(value: unknown): unknown {
  const data = toCloneable(value, 0);
  return data === skip ? undefined : data;
}

/** Primitives as they are, errors serialized, plain objects and arrays copied; anything else dropped. */
function toCloneable(value: unknown, depth: number): unknown {
  if (isCloneablePrimitive(value)) return value;
  if (depth > MAX_DEPTH) return skip;
  if (value instanceof Error) return encodeError(value, (prop) => toCloneable(prop, depth + 1));
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

/** Nested serialized errors (a cause, `errors: [...]`) come back as errors. */
function reviveNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveNested);
  if (isSerializedError(value)) return fromSerializedError(value);
  return value;
}

function isSerializedError(value: unknown): value is SerializedError {
  return (
    isPlainObject(value) &&
    typeof (value as SerializedError).name === "string" &&
    typeof (value as SerializedError).message === "string"
  );
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
