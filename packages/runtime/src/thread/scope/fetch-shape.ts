/**
 * `Request`/`Response`/`Headers` shaped as workerd's on top of Node's (undici's) classes: the same
 * classes and instances, with workerd's properties and defaults (conformance/golden/web.json):
 * `request.cf`/`fetcher`, no browser-only Request fields, upper-cased methods, `headers.getAll`,
 * reason phrases as default status texts, `type` "default". Installed once per generation thread.
 */
import { requestCf, setRequestCf } from "../../web/request-cf.js";
import { requestFetcher, setRequestFetcher } from "../../web/request-fetcher.js";
import { reasonPhrase } from "./reason-phrases.js";
import { inheritOverrides, retryConstruction } from "./fetch-leniency.js";

type FetchClasses = { Headers: typeof Headers; Request: typeof Request; Response: typeof Response };

export const redirectValue =
  'Invalid redirect value, must be one of "follow" or "manual" ("error" won\'t be implemented since it does not make sense at the edge; use "manual" and check the response status code).';

/** Request fields of browsers that workerd's Request does not have (undici has them). */
const browserOnly = [
  "mode",
  "credentials",
  "destination",
  "referrer",
  "referrerPolicy",
  "duplex",
  "attribute",
  "isHistoryNavigation",
  "isReloadNavigation",
];
/** Body methods of a newer undici (Node 26's `textStream()`) that workerd's Request and Response do not have. */
const undiciOnlyBody = ["textStream"];
const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Init members workerd ignores and undici would validate (`mode: "navigate"` throws there). */
const ignoredInit = ["mode", "credentials", "referrer", "referrerPolicy"] as const;

/**
 * A RequestInit as workerd reads it: refused where workerd refuses it (with its wording, whatever
 * undici's is on this Node), methods upper-cased, members workerd ignores hidden from undici.
 * The same object when nothing changes; else a copy (a plain object's own members: what a subclass spreads).
 */
export function toWorkerdRequestInit<T>(init: T): T {
  if (typeof init !== "object" || init === null) return init;
  const fields = init as Record<string, unknown>;
  const redirect = fields.redirect;
  if (redirect !== undefined && redirect !== "follow" && redirect !== "manual") throw new TypeError(redirectValue);
  const integrity = fields.integrity;
  if (integrity !== undefined && integrity !== "")
    throw new TypeError(
      "Subrequest integrity checking is not implemented. The integrity option must be either undefined or an empty string.",
    );
  const overrides: Record<string, unknown> = {};
  let changed = false;
  const method = fields.method;
  // Only a valid token: undici refuses the others with the method as written, as workerd words it.
  if (typeof method === "string" && token.test(method) && method !== method.toUpperCase()) {
    overrides.method = method.toUpperCase();
    changed = true;
  }
  for (const key of ignoredInit)
    if (fields[key] !== undefined) {
      overrides[key] = undefined;
      changed = true;
    }
  // workerd needs no `duplex` for a stream body (undici does; a Request as init no longer has one).
  if (fields.duplex === undefined && fields.body instanceof ReadableStream) {
    overrides.duplex = "half";
    changed = true;
  }
  if (!changed) return init;
  if (isPlain(init)) return { ...init, ...overrides } as T;
  // A Request as init: its members read through its own accessors (they check their receiver).
  const copy: Record<string, unknown> = {};
  for (const key of requestInitKeys) if (fields[key] !== undefined) copy[key] = fields[key];
  return { ...copy, ...overrides } as T;
}

const requestInitKeys = ["method", "headers", "body", "redirect", "signal", "integrity", "keepalive", "cf"];

/** A plain object is spread; a Request or Response given as init has its fields as accessors on its prototype. */
function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** What `new Response(body)` is given (undici only reads it). */
const okInit = Object.freeze({ statusText: "OK" });

/** A ResponseInit whose missing `statusText` is the status's reason phrase, as workerd defaults it. */
export function toWorkerdResponseInit<T>(init: T): T {
  if (init !== undefined && (typeof init !== "object" || init === null)) return init;
  const fields = init as Record<string, unknown> | undefined;
  if (fields?.statusText !== undefined) return init;
  const status = fields?.status;
  if (fields === undefined) return okInit as T;
  if (!isPlain(fields)) return init;
  const text = reasonPhrase(status === undefined ? 200 : Number(status));
  return { ...fields, statusText: text } as T;
}

/** The arguments of `new Request(input, init)` as workerd reads them (the same array when unchanged). */
export function requestArgs(args: unknown[]): unknown[] {
  return args.length < 2 ? args : withInit(args, toWorkerdRequestInit(args[1]));
}

/** The arguments of `new Response(body, init)` as workerd reads them. */
export function responseArgs(args: unknown[]): unknown[] {
  return withInit(args, toWorkerdResponseInit(args[1]));
}

function withInit(args: unknown[], init: unknown): unknown[] {
  if (init === args[1]) return args;
  const shaped = args.slice();
  shaped[1] = init;
  return shaped;
}

/** Records the `cf` of a constructed Request: the init's, else the input Request's. */
export function afterRequest(request: object, args: unknown[]): void {
  const init = args[1] as { cf?: unknown } | null | undefined;
  const cf = typeof init === "object" && init !== null && init.cf !== undefined ? init.cf : inputCf(args[0]);
  if (cf !== undefined) setRequestCf(request, cf);
  inheritOverrides(request, args[0], init);
}

function inputCf(input: unknown): unknown {
  return typeof input === "object" && input !== null ? requestCf(input) : undefined;
}

/** Gives Node's classes workerd's properties and defaults (their prototypes and statics, in place). */
export function shapeFetchClasses(classes: FetchClasses): void {
  const { Headers, Response } = classes;
  // On Node's own prototypes: the globals may be subclasses (the 101-capable Response) whose
  // prototypes fetch()'s responses do not have.
  const Request = { prototype: nodePrototype(classes.Request.prototype, "clone") as typeof classes.Request.prototype };
  const responsePrototype = nodePrototype(Response.prototype, "clone");
  const define = (target: object, name: string, descriptor: PropertyDescriptor) =>
    Object.defineProperty(target, name, { configurable: true, ...descriptor });
  const getSetCookie = Headers.prototype.getSetCookie;
  define(Headers.prototype, "getAll", {
    writable: true,
    value: function getAll(this: Headers, name: string): string[] {
      if (String(name).toLowerCase() !== "set-cookie")
        throw new TypeError('getAll() can only be used with the header name "Set-Cookie".');
      return getSetCookie.call(this);
    },
  });

  // Node 20-22 undici defines a non-configurable `attribute` by mistake: it stays (deleteProperty returns false).
  for (const name of browserOnly) Reflect.deleteProperty(Request.prototype, name);
  // From undici's own prototypes too: the worker's Response extends undici's.
  for (const { prototype } of [Request, Response])
    for (let proto: object | null = prototype; proto && proto !== Object.prototype; proto = Reflect.getPrototypeOf(proto))
      for (const name of undiciOnlyBody) Reflect.deleteProperty(proto, name);
  define(Request.prototype, "cf", { enumerable: true, get: getterNamed("cf", (r: object) => requestCf(r)) });
  define(Request.prototype, "fetcher", { enumerable: true, get: getterNamed("fetcher", (r: object) => requestFetcher(r)) });
  const cache = Object.getOwnPropertyDescriptor(Request.prototype, "cache")?.get;
  if (cache)
    define(Request.prototype, "cache", {
      enumerable: true,
      get: getterNamed("cache", (r) => {
        const value: unknown = cache.call(r);
        return value === "default" ? undefined : value;
      }),
    });
  const clone = Request.prototype.clone;
  define(Request.prototype, "clone", {
    writable: true,
    value: {
      clone(this: Request): Request {
        const copy = clone.call(this);
        setRequestCf(copy, requestCf(this));
        setRequestFetcher(copy, requestFetcher(this));
        inheritOverrides(copy, this);
        return copy;
      },
    }.clone,
  });

  define(responsePrototype, "cf", { enumerable: true, get: getterNamed("cf", () => undefined) });
  const type = Object.getOwnPropertyDescriptor(responsePrototype, "type")?.get;
  if (type)
    define(responsePrototype, "type", {
      enumerable: true,
      // workerd's responses are "default" (fetch()'s too) or "error"; undici's fetch() answers "basic".
      get: getterNamed("type", (r) => (type.call(r) === "error" ? "error" : "default")),
    });
  const redirect = Response.redirect;
  define(Response, "redirect", {
    writable: true,
    value: {
      redirect(this: unknown, url: string | URL, status?: number): Response {
        const made = redirect.call(this, url, status);
        return new Response(null, { status: made.status, statusText: reasonPhrase(made.status), headers: made.headers });
      },
    }.redirect,
  });
  mutableErrorHeaders(Response, responsePrototype);
  const json = Response.json;
  define(Response, "json", {
    writable: true,
    value: {
      json(this: unknown, data: unknown, init?: ResponseInit): Response {
        if (!serializesToNothing(data)) {
          const shaped = toWorkerdResponseInit(init);
          try {
            return json.call(this, data, shaped);
          } catch (error) {
            const build = (args: unknown[]) => json.call(this, args[0], args[1] as ResponseInit);
            const made = retryConstruction(error, [data, shaped], build, "Response") as Response | undefined;
            if (made === undefined) throw error;
            return made;
          }
        }
        // JSON.stringify gives undefined: workerd sends its string form, undici refuses.
        const made = json.call(this, null, toWorkerdResponseInit(init));
        return new Response("undefined", { status: made.status, statusText: made.statusText, headers: made.headers });
      },
    }.json,
  });
}

const serializesToNothing = (data: unknown) => data === undefined || typeof data === "function" || typeof data === "symbol";

/** workerd's `Response.error()` has headers user code may change (undici's are immutable). */
function mutableErrorHeaders(Response: typeof globalThis.Response, responsePrototype: object): void {
  const headers = Object.getOwnPropertyDescriptor(responsePrototype, "headers")?.get;
  if (headers === undefined) return;
  const errorHeaders = new WeakMap<object, Headers>();
  Object.defineProperty(responsePrototype, "headers", {
    configurable: true,
    enumerable: true,
    get: getterNamed("headers", (r: object) => errorHeaders.get(r) ?? headers.call(r)),
  });
  const error = Response.error;
  Object.defineProperty(Response, "error", {
    configurable: true,
    writable: true,
    enumerable: Object.getOwnPropertyDescriptor(Response, "error")?.enumerable ?? true,
    value: {
      error(this: unknown): Response {
        const made = error.call(this);
        errorHeaders.set(made, new Headers());
        return made;
      },
    }.error,
  });
}

/** workerd names a Blob appended to a FormData without a filename after its field, undici "blob". */
export function shapeFormData(FormData: typeof globalThis.FormData): void {
  for (const name of ["append", "set"] as const) {
    const method = FormData.prototype[name] as (this: FormData, ...args: unknown[]) => void;
    const named = {
      [name](this: FormData, ...args: unknown[]): void {
        const [field, value] = args;
        if (args.length === 2 && value instanceof Blob && !(value instanceof File)) args.push(String(field));
        method.apply(this, args);
      },
    }[name]!;
    Object.defineProperty(named, "length", { value: method.length });
    Object.defineProperty(FormData.prototype, name, { value: named, writable: true, enumerable: true, configurable: true });
  }
}

/** The prototype in `prototype`'s chain that owns `name` (Node's class's, below any subclass). */
export function nodePrototype(prototype: object, name = "clone"): object {
  let owner: object | null = prototype;
  while (owner !== null && !Object.hasOwn(owner, name)) owner = Object.getPrototypeOf(owner) as object | null;
  return owner ?? prototype;
}

function getterNamed<T>(name: string, get: (self: T) => unknown): (this: T) => unknown {
  return {
    [`get ${name}`](this: T) {
      return get(this);
    },
  }[`get ${name}`]!;
}
