/**
 * workerd's wording for errors of Web Streams, whose implementation is Node's: the ReadableStream
 * constructor, `getReader()` on a locked stream, a DecompressionStream given bad data, and
 * `URLPattern` (a polyfill on Node 20). Messages are workerd's (conformance/golden/web.json).
 */
import { nodeCode, translateConstructor, translateMethod } from "./translate-errors.js";

export function workerdReadableStream(readableStream: typeof ReadableStream): typeof ReadableStream {
  translateMethod(readableStream.prototype, "getReader", (error) =>
    nodeCode(error) === "ERR_INVALID_STATE" ? new TypeError("This ReadableStream is currently locked to a reader.") : undefined,
  );
  return translateConstructor(readableStream, (error, [source]) => {
    if (nodeCode(error) !== "ERR_INVALID_ARG_VALUE" || !/'source\.type'/.test((error as Error).message)) return undefined;
    return new TypeError(`"${String((source as { type?: unknown }).type)}" is not a valid type of ReadableStream.`);
  });
}

const decompressionFailed = () => new TypeError("Decompression failed.");
const isZlibError = (error: unknown) => typeof nodeCode(error) === "string" && String(nodeCode(error)).startsWith("Z_");

/**
 * DecompressionStream whose readable side fails as workerd's does on bad data: Node's zlib error
 * (an Error on Node 20, an empty TypeError on Node 24) becomes "Decompression failed.".
 */
export function workerdDecompressionStream(decompressionStream: typeof DecompressionStream): typeof DecompressionStream {
  const readable = Object.getOwnPropertyDescriptor(decompressionStream.prototype, "readable")?.get;
  if (readable === undefined) return decompressionStream;
  const translated = new WeakMap<object, ReadableStream<Uint8Array>>();
  const get = function (this: DecompressionStream): ReadableStream<Uint8Array> {
    let stream = translated.get(this);
    if (stream === undefined) {
      stream = translatingReadable(readable.call(this) as ReadableStream<Uint8Array>);
      translated.set(this, stream);
    }
    return stream;
  };
  Object.defineProperty(get, "name", { value: "get readable" });
  Object.defineProperty(decompressionStream.prototype, "readable", { get, configurable: true, enumerable: true });
  return decompressionStream;
}

/** `inner`'s chunks, read on demand, with a zlib error replaced by workerd's. */
function translatingReadable(inner: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= inner.getReader();
        try {
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          throw isZlibError(error) ? decompressionFailed() : error;
        }
      },
      cancel: (reason) => (reader ? reader.cancel(reason) : inner.cancel(reason)),
    },
    { highWaterMark: 0 },
  );
}

/** workerd says only "Failed to construct URLPattern" (as Node 24's own does); the polyfill names the part. */
export function workerdUrlPattern<C extends abstract new (...args: never[]) => object>(urlPattern: C): C {
  return translateConstructor(urlPattern, (error) =>
    error instanceof TypeError ? new TypeError("Failed to construct URLPattern") : undefined,
  );
}
