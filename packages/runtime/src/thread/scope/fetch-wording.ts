/**
 * workerd's wording for errors of the Fetch API, whose implementation is Node's (undici): `Headers`,
 * `Request`, `Response` and `fetch()`. undici's messages are matched whole and replaced by workerd's
 * (conformance/golden/web.json); an error matching no rule passes unchanged.
 */
import { translateConstructor, translateMethod, type Translation } from "./translate-errors.js";
import { afterRequest, nodePrototype, requestArgs, responseArgs, shapeFetchClasses, shapeFormData } from "./fetch-shape.js";
import { retryConstruction, retryHeaders, standInArgs, writeWideValue } from "./fetch-leniency.js";

type Rule = readonly [RegExp, (match: RegExpMatchArray, args: readonly unknown[]) => Error];

const invalidUrl = (match: RegExpMatchArray) => new TypeError(`Invalid URL: ${match[1]}`);

const headerRules: Rule[] = [
  [/^Headers\.\w+: ".*" is an invalid header name\.$/s, () => new TypeError("Invalid header name.")],
  [/^Headers\.\w+: ".*" is an invalid header value\.$/s, () => new TypeError("Invalid header value.")],
  [
    /^Headers constructor: expected name\/value pair to be length 2, found \d+\.$/,
    () => new TypeError("To initialize a Headers object from a sequence, each inner sequence must have exactly two elements."),
  ],
  [/^immutable$/, () => new TypeError("Can't modify immutable headers.")],
];

/** Rules for the `init` of a Request or Response (its headers included). */
const initRules: Rule[] = [
  ...headerRules,
  [
    /^Headers constructor: Argument 1 could not be converted to one of: /,
    () =>
      new TypeError(
        "Incorrect type for the 'headers' field on 'InitializerDict': the provided value is not of type 'Headers or Sequence or object'.",
      ),
  ],
];

const requestRules: Rule[] = [
  ...initRules,
  [/^Failed to parse URL from (.*)$/s, invalidUrl],
  [
    /^Request with GET\/HEAD method cannot have body\.$/,
    () => new TypeError("Request with a GET or HEAD method cannot have a body."),
  ],
  [/^'(.*)' is not a valid HTTP method\.$/s, (match) => new TypeError(`Invalid HTTP method string: ${match[1]}`)],
  // workerd accepts TRACE (fetch-leniency.ts), not TRACK or CONNECT; it names the method as written.
  [
    /^'(CONNECT|TRACK)' HTTP method is unsupported\.$/,
    (match, args) => new TypeError(`Invalid HTTP method string: ${methodAsWritten(args) ?? match[1]}`),
  ],
  [/^'only-if-cached' can be set only with 'same-origin' mode$/, () => new TypeError("Unsupported cache mode: only-if-cached")],
];

const responseRules: Rule[] = [
  ...initRules,
  [
    /^init\["status"\] must be in the range of 200 to 599, inclusive\.$/,
    () => new RangeError("Responses may only be constructed with status codes in the range 200 to 599, inclusive."),
  ],
  [
    /^Response constructor: Invalid response status code \d+$/,
    () => new TypeError("Response with null body status (101, 204, 205, or 304) cannot have a body."),
  ],
];

const redirectRules: Rule[] = [
  [/^Failed to parse URL from (.*)$/s, (match) => new TypeError(`Unable to parse URL: ${match[1]}`)],
  [
    /^Invalid status code (\d+)$/,
    (match) => new RangeError(`${match[1]} is not a redirect status code. It must be one of: 301, 302, 303, 307, or 308.`),
  ],
];

const usedBody = () =>
  new TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");

/** Rules for reading a body (`text()`, `json()`, ...) and for `clone()`. */
const bodyRules: Rule[] = [
  [/^Body is unusable/, usedBody],
  [/^Received non-Uint8Array chunk$/, () => new TypeError("This ReadableStream did not return bytes.")],
];
const cloneRules: Rule[] = [
  // workerd's message, comma included: the body stream is locked by the read that consumed it.
  [
    /^(Response\.clone: Body has already been consumed\.|unusable)$/,
    () => new TypeError("This ReadableStream is currently locked to a reader,"),
  ],
];
const bodyMethods = ["arrayBuffer", "blob", "bytes", "formData", "json", "text"];

/** Gives the body methods of `prototype` (own or inherited) workerd's wording for their rejections. */
function translateBodyMethods(prototype: object): void {
  const translate = byMessage(bodyRules);
  for (const name of bodyMethods) {
    const method = (prototype as Record<string, unknown>)[name];
    if (typeof method !== "function") continue;
    const wrapped = {
      [name](this: Body, ...args: unknown[]): Promise<unknown> {
        return (Reflect.apply(method, this, args) as Promise<unknown>).catch((error: unknown) => {
          throw translate(error, args) ?? error;
        });
      },
    }[name]!;
    Object.defineProperty(wrapped, "length", { value: method.length });
    Object.defineProperty(prototype, name, { value: wrapped, writable: true, configurable: true, enumerable: true });
  }
  translateMethod(prototype, "clone", byMessage(cloneRules));
}

/** A translation by undici's message (only for its TypeErrors and RangeErrors). */
function byMessage(rules: readonly Rule[]): Translation {
  return (error, args) => {
    if (!(error instanceof TypeError || error instanceof RangeError)) return undefined;
    for (const [pattern, replace] of rules) {
      const match = error.message.match(pattern);
      if (match) return replace(match, args);
    }
    return undefined;
  };
}

/** The method of `new Request(input, init)`'s init, as the worker wrote it. */
function methodAsWritten(args: readonly unknown[]): string | undefined {
  const init = args[1];
  const method = typeof init === "object" && init !== null ? (init as { method?: unknown }).method : undefined;
  return typeof method === "string" ? method : undefined;
}

/**
 * Headers' `append`/`set` with workerd's wording, writing a value above U+00FF (which undici
 * refuses) as workerd does (fetch-leniency.ts); the ordinary write is Node's, in one try.
 */
function lenientWrites(prototype: Headers, translate: Translation): void {
  for (const name of ["append", "set"] as const) {
    wrapRefused(prototype, name, (write, headers, error, args) => {
      let written: boolean;
      try {
        written = writeWideValue(headers, write, error, args);
      } catch (retryError) {
        throw translate(retryError, args) ?? retryError;
      }
      if (!written) throw translate(error, args) ?? error;
    });
  }
}

/**
 * Headers' `get`/`has`/`delete` with workerd's wording, looking a name outside ASCII (which undici
 * refuses) up as workerd does (fetch-leniency.ts); the ordinary call is Node's, in one try.
 */
function lenientNameReads(prototype: Headers, translate: Translation): void {
  for (const name of ["get", "has", "delete"] as const) {
    wrapRefused(prototype, name, (read, headers, error, args) => {
      const standIn = standInArgs(error, args);
      if (standIn === undefined) throw translate(error, args) ?? error;
      return Reflect.apply(read, headers, standIn);
    });
  }
}

type HeadersMethod = (this: Headers, ...args: unknown[]) => unknown;

/** Replaces `prototype[name]` (same name and length) by Node's method, with `refused` answering what it throws. */
function wrapRefused(
  prototype: Headers,
  name: "append" | "set" | "get" | "has" | "delete",
  refused: (original: HeadersMethod, headers: Headers, error: unknown, args: unknown[]) => unknown,
): void {
  const original = prototype[name] as HeadersMethod;
  const wrapped = {
    [name](this: Headers, ...args: unknown[]): unknown {
      try {
        return Reflect.apply(original, this, args);
      } catch (error) {
        return refused(original, this, error, args);
      }
    },
  }[name]!;
  Object.defineProperty(wrapped, "length", { value: original.length });
  Object.defineProperty(prototype, name, { value: wrapped, writable: true, enumerable: true, configurable: true });
}

export const translateRequestError = byMessage(requestRules);

/**
 * `Headers`/`Request`/`Response` for user code, shaped as workerd's (fetch-shape.ts); Node's Headers
 * methods and `Response.redirect` reworded in place.
 */
export function workerdFetchClasses(classes: {
  Headers: typeof Headers;
  Request: typeof Request;
  Response: typeof Response;
  FormData?: typeof FormData;
}): {
  Headers: typeof Headers;
  Request: typeof Request;
  Response: typeof Response;
} {
  const headers = byMessage(headerRules);
  lenientWrites(classes.Headers.prototype, headers);
  lenientNameReads(classes.Headers.prototype, headers);
  translateMethod(classes.Headers.prototype, "getSetCookie", headers);
  translateMethod(classes.Response, "redirect", byMessage(redirectRules));
  shapeFetchClasses(classes);
  for (const prototype of [classes.Request.prototype, classes.Response.prototype]) translateBodyMethods(nodePrototype(prototype));
  if (classes.FormData) shapeFormData(classes.FormData);
  return {
    Headers: translateConstructor(classes.Headers, headers, { retry: retryHeaders }),
    Request: translateConstructor(classes.Request, translateRequestError, {
      args: requestArgs,
      created: afterRequest,
      retry: (error, args, construct) => retryConstruction(error, args, construct, "Request"),
    }),
    Response: translateConstructor(classes.Response, byMessage(responseRules), {
      args: responseArgs,
      retry: (error, args, construct) => retryConstruction(error, args, construct, "Response"),
    }),
  };
}

/** A refused `fetch()` as workerd refuses it: with its wording, as a rejected promise. */
export function translateFetchError(error: unknown): Error | undefined {
  const request = translateRequestError(error, []);
  if (request) return request;
  // A connection refused or reset, or a port undici will not connect to (workerd connects, is refused).
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const lost = cause?.code === "ECONNREFUSED" || cause?.code === "ECONNRESET" || cause?.message === "bad port";
  return error instanceof TypeError && error.message === "fetch failed" && lost
    ? new Error("Network connection lost.")
    : undefined;
}
