/**
 * Turns what a probe observed into plain JSON that compares equal across runtimes: values that
 * JSON cannot hold get a readable stand-in, and what legitimately differs between runs (loopback
 * ports) is replaced by a placeholder.
 */

/** A JSON-safe description of any value (objects by their class, plain data structurally). */
export function describe(value, depth = 0) {
  if (value === null || typeof value === "boolean") return value;
  if (typeof value === "string") return normalize(value);
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0) ? value : `<number ${String(value)}>`;
  if (value === undefined) return "<undefined>";
  if (typeof value === "bigint") return `<bigint ${value}>`;
  if (typeof value === "symbol") return `<${String(value)}>`;
  if (typeof value === "function") return `<function ${value.name}>`;
  if (depth > 4) return `<${className(value)}>`;
  if (Array.isArray(value)) return value.map((item) => describe(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out = {};
    for (const key of Object.keys(value)) out[key] = describe(value[key], depth + 1);
    return out;
  }
  return `<${className(value)}>`;
}

/** The constructor name of an object ("<none>" for a null prototype). */
export function className(value) {
  if (value === null || value === undefined) return String(value);
  try {
    return Object.getPrototypeOf(value)?.constructor?.name ?? "<none>";
  } catch (error) {
    return `<unreadable: ${error?.name}>`;
  }
}

/** What user code can see of a thrown value: class, name, message (and code, if any). */
export function errorOf(error) {
  if (!(error instanceof Object) || !("message" in error)) return { thrown: describe(error) };
  // Some messages carry a stack trace of the runtime's own code (its install path): cut it off.
  const message = String(error.message).split(/\n\s+at /)[0];
  const out = { name: String(error.name), message: normalize(message) };
  if (className(error) !== out.name) out.class = className(error);
  if (error.code !== undefined && typeof error.code !== "function") out.code = describe(error.code);
  return out;
}

/**
 * A property key as a report shows it. Symbols other than the well-known ones are each runtime's
 * private bookkeeping (undici's, workerd's), not API: they are left out.
 */
function keyName(key) {
  if (typeof key === "string") return key;
  return wellKnownSymbols.has(key) ? String(key) : undefined;
}

const wellKnownSymbols = new Set(
  [Symbol.iterator, Symbol.asyncIterator, Symbol.toStringTag, Symbol.dispose, Symbol.asyncDispose].filter(Boolean),
);

/** Property names along the prototype chain up to (not including) Object.prototype, sorted. */
export function allKeys(value) {
  const keys = new Set();
  for (let o = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) {
      const name = keyName(key);
      if (name !== undefined && name !== "constructor") keys.add(name);
    }
  }
  return [...keys].toSorted();
}

/**
 * Loopback ports differ between runs, and so does the folder a fixture is staged in
 * (`<anything>/<fixture>-XXXXXX`, from mkdtemp).
 */
export function normalize(text) {
  return text
    .replace(/(127\.0\.0\.1|localhost|\[::1\])(:|%3A)\d+/g, "$1$2<port>")
    .replace(/(?:file:\/\/)?\/[^\s'"`()]*?\/[a-z0-9-]+-[A-Za-z0-9]{6}(?=[/'"\s`)]|$)/g, "<root>");
}
