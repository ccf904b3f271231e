/** Errors cross threads as plain objects that keep name, message, stack, cause and custom properties. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError | unknown;
  [key: string]: unknown;
}

export function toSerializedError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) {
    return { name: "Error", message: typeof value === "string" ? value : safeString(value) };
  }
  const out: SerializedError = { name: value.name, message: value.message, stack: value.stack };
  for (const key of Object.keys(value)) {
    const prop = (value as unknown as Record<string, unknown>)[key];
    if (isCloneablePrimitive(prop)) out[key] = prop;
  }
  if (value.cause !== undefined && depth < 4) out.cause = toSerializedError(value.cause, depth + 1);
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
