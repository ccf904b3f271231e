/**
 * workerd's wording for errors of Web APIs whose implementation is Node's: base64, microtasks, URL,
 * text decoding, compression, events and blobs. Messages are workerd's, copied from its answers
 * (conformance/golden/web.json); an error Node throws for another reason passes unchanged.
 */
import { workerdFetchClasses } from "./fetch-wording.js";
import { nodeCode, translateConstructor, translateFunction, translateMethod } from "./translate-errors.js";
import { workerdDecompressionStream, workerdReadableStream, workerdUrlPattern } from "./stream-wording.js";
import { installAbortWording } from "./abort-wording.js";

const scope = "ServiceWorkerGlobalScope";
const notOfType = (method: string, type: string) =>
  new TypeError(`Failed to execute '${method}' on '${scope}': parameter 1 is not of type '${type}'.`);
const invalidCharacter = (error: unknown) => error instanceof DOMException && error.name === "InvalidCharacterError";

export function workerdAtob(atob: (data: string) => string): (data: string) => string {
  const atobWording = translateFunction(atob, (error) =>
    invalidCharacter(error)
      ? new DOMException(
          "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)",
          "InvalidCharacterError",
        )
      : undefined,
  );
  return withArgument(atobWording, () => notOfType("atob", "string"));
}

export function workerdBtoa(btoa: (data: string) => string): (data: string) => string {
  const btoaWording = translateFunction(btoa, (error) =>
    invalidCharacter(error)
      ? new DOMException("btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.", "InvalidCharacterError")
      : undefined,
  );
  return withArgument(btoaWording, () => notOfType("btoa", "String"));
}

export function workerdQueueMicrotask(queueMicrotask: (callback: () => void) => void): (callback: () => void) => void {
  return translateFunction(queueMicrotask, (_error, [callback]) =>
    typeof callback === "function" ? undefined : notOfType("queueMicrotask", "function"),
  );
}

export function workerdUrl(url: typeof URL): typeof URL {
  return translateConstructor(url, (error) =>
    nodeCode(error) === "ERR_INVALID_URL" ? new TypeError("Invalid URL string.") : undefined,
  );
}

/** TextDecoder's constructor; its `decode` (on Node's prototype) gets workerd's wording too. */
export function workerdTextDecoder(textDecoder: typeof TextDecoder): typeof TextDecoder {
  translateMethod(textDecoder.prototype, "decode", (error) =>
    nodeCode(error) === "ERR_ENCODING_INVALID_ENCODED_DATA" ? new TypeError("Failed to decode input.") : undefined,
  );
  return translateConstructor(textDecoder, (error, [label]) =>
    nodeCode(error) === "ERR_ENCODING_NOT_SUPPORTED" ? new RangeError(`"${String(label)}" is not a valid encoding.`) : undefined,
  );
}

export function workerdCompressionStream(compressionStream: typeof CompressionStream): typeof CompressionStream {
  return translateConstructor(compressionStream, (error) =>
    nodeCode(error) === "ERR_INVALID_ARG_VALUE"
      ? new TypeError("The compression format must be either 'deflate', 'deflate-raw' or 'gzip'.")
      : undefined,
  );
}

export function workerdEvent(event: typeof Event): typeof Event {
  return translateConstructor(event, (_error, args) =>
    args.length === 0
      ? new TypeError("Failed to construct 'Event': constructor parameter 1 is not of type 'string'.")
      : undefined,
  );
}

export function workerdBlob(blob: typeof Blob): typeof Blob {
  return translateConstructor(blob, (error) =>
    nodeCode(error) === "ERR_INVALID_ARG_TYPE"
      ? new TypeError("Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'.")
      : undefined,
  );
}

/** `fn` refusing a call without its one argument as workerd's bindings do (Node says "must be specified"). */
function withArgument<F extends (data: string) => string>(fn: F, missing: () => Error): F {
  const checked = {
    [fn.name](this: unknown, ...args: unknown[]) {
      if (args.length === 0) throw missing();
      return Reflect.apply(fn, this, args);
    },
  }[fn.name]!;
  Object.defineProperty(checked, "length", { value: 1 });
  return checked as F;
}

/** Every global above, in place of Node's, with `constructor` of its instances the global. */
export function installWebWording(g: Record<string, unknown>): void {
  const replace = <T>(name: string, make: (original: T) => T, isClass = false) => {
    const original = g[name] as T | undefined;
    if (original === undefined) return;
    const replaced = make(original);
    // Some of Node's are accessors: replaced by a data property, enumerable as Node's was.
    const enumerable = Object.getOwnPropertyDescriptor(g, name)?.enumerable ?? true;
    Object.defineProperty(g, name, { value: replaced, writable: true, configurable: true, enumerable });
    if (isClass)
      Object.defineProperty((original as { prototype: object }).prototype, "constructor", {
        value: replaced,
        writable: true,
        configurable: true,
      });
  };
  replace("atob", workerdAtob);
  replace("btoa", workerdBtoa);
  replace("queueMicrotask", workerdQueueMicrotask);
  replace("URL", workerdUrl, true);
  replace("TextDecoder", workerdTextDecoder, true);
  replace("CompressionStream", workerdCompressionStream, true);
  replace("Event", workerdEvent, true);
  replace("Blob", workerdBlob, true);
  replace("ReadableStream", workerdReadableStream, true);
  replace("DecompressionStream", workerdDecompressionStream);
  replace("URLPattern", workerdUrlPattern<typeof URLPattern>, true);
  // workerd's FormData constructor takes no argument (undici's refuses anything but a form element).
  replace("FormData", (formData: typeof FormData) => translateConstructor(formData, () => undefined, { args: () => [] }), true);
  installAbortWording(g as never);
  const fetchClasses = workerdFetchClasses(g as never);
  for (const name of ["Headers", "Request", "Response"] as const) replace(name, () => fetchClasses[name], true);
}
