/**
 * What workerd accepts and Node's fetch classes (undici) refuse: a header value with characters
 * above U+00FF (workerd keeps the string, and sends it as UTF-8), a header name with characters
 * outside ASCII (protocol/wide-header-names.ts), a URL with credentials
 * (`request.url` keeps them; fetch() sends none), and the TRACE method. Only a construction or a
 * header write undici refused comes here; ordinary ones never do.
 *
 * undici then holds what it can carry: the value's UTF-8 bytes as a latin1 string (what it writes
 * to the wire), a stand-in token for the name, the URL without credentials, a stand-in method (which the outbound dispatcher sends
 * as TRACE). The instance itself answers workerd's values.
 */
import { Buffer } from "node:buffer";
import {
  compareHeaderNames,
  isStandInName,
  isWideHeaderName,
  standInDisplayName,
  toStandInName,
} from "../../protocol/wide-header-names.js";

/** The method undici's Request holds for TRACE (a token it accepts); outbound-dispatcher.ts sends TRACE. */
export const traceStandIn = "KINDLING-TRACE";

const byteString = /^Cannot convert argument to a ByteString because/;
const aboveLatin1 = /[\u0100-\uffff]/;
const invalidName = /is an invalid header name\.$/s;
const credentials = /^Request cannot be constructed from a URL that includes credentials: /;
const unsupportedMethod = /^'(.*)' HTTP method is unsupported\.$/s;

interface RequestOverrides {
  url?: string;
  method?: string;
}

/** Requests whose url or method undici could not hold. */
const requestOverrides = new WeakMap<object, RequestOverrides>();
/** Per Headers holding wide values: undici's (latin1) string -> the value as set. */
const wideValues = new WeakMap<Headers, Map<string, string>>();

const isRefusal = (error: unknown, pattern: RegExp) => error instanceof TypeError && pattern.test(error.message);

/** Node's own `entries`, which lists what undici holds (stand-in names, values as bytes). */
const heldEntries = Headers.prototype.entries;

/** The name workerd accepts and undici refused (the refusal `error`), as the stand-in undici takes. */
function standInFor(error: unknown, name: unknown): string | undefined {
  if (!isRefusal(error, byteString) && !isRefusal(error, invalidName)) return undefined;
  const text = String(name);
  if (isWideHeaderName(text)) return toStandInName(text);
  // undici refused the name's characters before its syntax; workerd refuses the syntax.
  if (aboveLatin1.test(text)) throw new TypeError("Invalid header name.");
  return undefined;
}

/**
 * `get`/`has`/`delete`'s arguments after undici refused a name workerd accepts (undici looks it up
 * by its stand-in); undefined when the refusal was another one.
 */
export function standInArgs(error: unknown, args: unknown[]): unknown[] | undefined {
  const name = standInFor(error, args[0]);
  return name === undefined ? undefined : [name, ...args.slice(1)];
}

/**
 * A header write (`set`/`append`, Node's `write`) that undici refused for a name outside ASCII or
 * a value above U+00FF, done as workerd does it; false when the refusal was another one.
 */
export function writeWideValue(
  headers: Headers,
  write: (name: string, value: string) => void,
  error: unknown,
  args: unknown[],
): boolean {
  if (args.length < 2) return false;
  const name = standInFor(error, args[0]);
  if (name !== undefined) {
    try {
      write.call(headers, name, args[1] as string);
    } catch (valueError) {
      if (!writeWideValue(headers, write, valueError, [name, args[1]])) throw valueError;
    }
    wideState(headers);
    return true;
  }
  if (!isRefusal(error, byteString) || aboveLatin1.test(String(args[0]))) return false;
  // undici trims HTTP whitespace off values; the bytes are trimmed alike (whitespace is ASCII).
  const text = String(args[1]).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  const bytes = Buffer.from(text, "utf8").toString("latin1");
  write.call(headers, args[0] as string, bytes);
  wideState(headers).set(bytes, text);
  return true;
}

/** The wide values of `headers` (undici's latin1 string -> the value as set); its reads answer workerd's. */
function wideState(headers: Headers): Map<string, string> {
  let values = wideValues.get(headers);
  if (values === undefined) {
    values = new Map();
    wideValues.set(headers, values);
    readWideValues(headers, values);
  }
  return values;
}

/** Gives one Headers instance reads that answer its wide names and values as workerd lists them. */
function readWideValues(headers: Headers, values: Map<string, string>): void {
  const prototype = Object.getPrototypeOf(headers) as Headers;
  const decode = (value: string): string => {
    for (const [bytes, text] of values) if (value.includes(bytes)) value = value.split(bytes).join(text);
    return value;
  };
  const entries = function* (this: Headers): HeadersIterator<[string, string]> {
    const held = [...heldEntries.call(this)];
    if (held.some(([name]) => isStandInName(name))) held.sort(([a], [b]) => compareHeaderNames(a, b));
    for (const [name, value] of held) yield [isStandInName(name) ? standInDisplayName(name) : name, decode(value)];
  } as unknown as () => HeadersIterator<[string, string]>;
  const own: Partial<Headers> & Record<symbol, unknown> = {
    get(this: Headers, name: string) {
      const value = prototype.get.call(this, name);
      return value === null ? value : decode(value);
    },
    getSetCookie(this: Headers) {
      return prototype.getSetCookie.call(this).map(decode);
    },
    forEach(this: Headers, callback: (value: string, name: string, parent: Headers) => void, thisArg?: unknown) {
      for (const [name, value] of entries.call(this)) callback.call(thisArg, value, name, this);
    },
    entries,
    keys: function* (this: Headers) {
      for (const [name] of entries.call(this)) yield name;
    } as unknown as () => HeadersIterator<string>,
    values: function* (this: Headers) {
      for (const [, value] of entries.call(this)) yield value;
    } as unknown as () => HeadersIterator<string>,
    [Symbol.iterator]: entries,
  };
  for (const key of Reflect.ownKeys(own))
    Object.defineProperty(headers, key, { value: own[key as keyof typeof own], writable: true, configurable: true });
}

/** `headers.append`, writing a wide value also where the Headers class's own append is Node's unchanged one. */
function appendLeniently(headers: Headers, name: string, value: string): void {
  const append = (Object.getPrototypeOf(headers) as Headers).append;
  try {
    append.call(headers, name, value);
  } catch (error) {
    if (!writeWideValue(headers, append, error, [name, value])) throw error;
  }
}

/**
 * The pairs of a HeadersInit, read as undici reads them (a sequence of pairs, or a record); a
 * Headers holding wide names or values gives what undici holds, so its names keep their keys.
 */
function headerPairs(init: unknown): [string, string][] {
  if (typeof init !== "object" || init === null) return [];
  if (wideValues.has(init as Headers)) return [...heldEntries.call(init as Headers)];
  if (typeof (init as Iterable<unknown>)[Symbol.iterator] === "function")
    return [...(init as Iterable<Iterable<unknown>>)].map((pair) => {
      const items = [...pair];
      if (items.length !== 2)
        throw new TypeError(
          "To initialize a Headers object from a sequence, each inner sequence must have exactly two elements.",
        );
      return [String(items[0]), String(items[1])];
    });
  return Object.entries(init as Record<string, unknown>).map(([name, value]) => [name, String(value)]);
}

/** `new Headers(init)` after undici refused a wide value in `init`: the pairs appended one by one. */
export function retryHeaders(error: unknown, args: unknown[], construct: (args: unknown[]) => object): object | undefined {
  if (!isRefusal(error, byteString) && !isRefusal(error, invalidName)) return undefined;
  const headers = construct([]) as Headers;
  for (const [name, value] of headerPairs(args[0])) headers.append(name, value);
  copyWideValues(args[0], headers);
  return headers;
}

/** A copy of held pairs reads the source's wide values as they were set. */
function copyWideValues(source: unknown, target: Headers): void {
  const values = wideValues.get(source as Headers);
  if (values === undefined) return;
  const copied = wideState(target);
  for (const [bytes, text] of values) copied.set(bytes, text);
}

const initKeys = [
  "method",
  "headers",
  "body",
  "redirect",
  "signal",
  "integrity",
  "keepalive",
  "cf",
  "duplex",
  "status",
  "statusText",
];

/** An init's members as a plain object (a Request or Response given as init has them as accessors). */
function initCopy(init: unknown): Record<string, unknown> {
  if (typeof init !== "object" || init === null) return {};
  const prototype = Object.getPrototypeOf(init) as unknown;
  if (prototype === Object.prototype || prototype === null) return { ...(init as object) };
  const copy: Record<string, unknown> = {};
  for (const key of initKeys) {
    const value = (init as Record<string, unknown>)[key];
    if (value !== undefined) copy[key] = value;
  }
  return copy;
}

/**
 * `new Request(input, init)` or `new Response(body, init)` after undici refused it: constructed
 * again without what it refused (at most once per kind), then given it. Undefined when undici
 * refused something workerd refuses too.
 */
export function retryConstruction(
  error: unknown,
  args: unknown[],
  construct: (args: unknown[]) => object,
  kind: "Request" | "Response",
): object | undefined {
  const shaped = args.slice();
  const overrides: RequestOverrides = {};
  let headers: [string, string][] | undefined;
  let source: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (kind === "Request" && overrides.url === undefined && isRefusal(error, credentials)) {
      const url = new URL(String(shaped[0]));
      overrides.url = url.href;
      url.username = "";
      url.password = "";
      shaped[0] = url.href;
    } else if (kind === "Request" && overrides.method === undefined && isTraceRefusal(error)) {
      overrides.method = "TRACE";
      shaped[1] = { ...initCopy(shaped[1]), method: traceStandIn };
    } else if (headers === undefined && (isRefusal(error, byteString) || isRefusal(error, invalidName))) {
      const init = initCopy(shaped[1]);
      headers = headerPairs(init.headers);
      source = init.headers;
      shaped[1] = { ...init, headers: [] };
    } else {
      return undefined;
    }
    try {
      const made = construct(shaped);
      if (kind === "Request") overrideRequest(made, overrides);
      if (headers !== undefined) {
        // Replacing what the construction set itself (a body's default content-type).
        const names = headers.map(([header]) => header.toLowerCase()).filter((name) => !isWideHeaderName(name));
        for (const name of new Set(names)) (made as Request).headers.delete(name);
        for (const [name, value] of headers) appendLeniently((made as Request).headers, name, value);
        copyWideValues(source, (made as Request).headers);
      }
      return made;
    } catch (next) {
      error = next;
    }
  }
  throw error;
}

function isTraceRefusal(error: unknown): boolean {
  const match = error instanceof TypeError ? error.message.match(unsupportedMethod) : null;
  return match?.[1]?.toUpperCase() === "TRACE";
}

/** The url/method workerd has for `request`, where undici holds another. */
function overrideRequest(request: object, overrides: RequestOverrides): void {
  if (overrides.url === undefined && overrides.method === undefined) return;
  requestOverrides.set(request, overrides);
  for (const key of ["url", "method"] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    const get = { [`get ${key}`]: () => value }[`get ${key}`]!;
    Object.defineProperty(request, key, { get, configurable: true });
  }
}

/**
 * A Request made from another (`new Request(request, init)`, `clone()`) keeps the url workerd has
 * for it, and its method unless `init` names one. Only looks when `source` is an object.
 */
export function inheritOverrides(made: object, source: unknown, init?: unknown): void {
  if (typeof source !== "object" || source === null) return;
  const overrides = requestOverrides.get(source);
  if (overrides === undefined) return;
  const method = (init as { method?: unknown } | null | undefined)?.method;
  overrideRequest(made, { url: overrides.url, method: method === undefined ? overrides.method : undefined });
}
