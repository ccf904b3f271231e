/**
 * workerd's own stream classes: `IdentityTransformStream` (a byte stream whose readable side has a
 * BYOB reader; strings are written as UTF-8, as workerd does), `FixedLengthStream` (the same, of a
 * declared length), and `ReadableStreamBYOBReader.prototype.readAtLeast`. Wording is workerd's.
 */
import { recordBlobStreamLengths, setStreamLength } from "./stream-length.js";

const encoder = new TextEncoder();

/** A copy of a written chunk as bytes (enqueueing would detach the writer's buffer), or workerd's TypeError. */
export function chunkBytes(chunk: unknown): Uint8Array<ArrayBuffer> {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk.slice(0));
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer);
  }
  throw new TypeError(
    "This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side.",
  );
}

interface BytePair {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<unknown>;
}

/**
 * A byte stream pair: a write is enqueued at once and settles when the reader asks for more, so
 * backpressure reaches the writer. `expected` bytes, if given, are enforced as FixedLengthStream does.
 */
function bytePair(expected?: bigint): BytePair {
  let controller!: ReadableByteStreamController;
  let pulled: (() => void) | undefined;
  let written = 0n;
  let failure: unknown;
  const fail = (error: unknown) => {
    failure = error;
    controller.error(error);
  };
  const readable = new ReadableStream({
    type: "bytes",
    start: (c) => void (controller = c),
    pull: () => (pulled?.(), (pulled = undefined)),
    cancel: (reason) => void ((failure = reason), pulled?.()),
  });
  const writable = new WritableStream<unknown>({
    write(chunk) {
      if (failure !== undefined) throw failure;
      const bytes = chunkBytes(chunk);
      written += BigInt(bytes.byteLength);
      if (expected !== undefined && written > expected) {
        return fail(new TypeError("Attempt to write too many bytes through a FixedLengthStream."));
      }
      if (bytes.byteLength === 0) return;
      controller.enqueue(bytes);
      if ((controller.desiredSize ?? 0) > 0) return;
      return new Promise<void>((resolve) => (pulled = resolve));
    },
    close() {
      if (failure !== undefined) throw failure;
      if (expected !== undefined && written < expected) {
        return fail(new TypeError("FixedLengthStream did not see all expected bytes before close()."));
      }
      controller.close();
    },
    abort: (reason) => fail(reason),
  });
  return { readable, writable };
}

/** workerd's pass-through byte stream. */
export class IdentityTransformStream extends TransformStream<unknown, Uint8Array> {
  constructor() {
    super();
    own(this, bytePair());
  }
}

/** An IdentityTransformStream that must carry exactly `expectedLength` bytes. */
export class FixedLengthStream extends IdentityTransformStream {
  constructor(expectedLength: number | bigint) {
    super();
    const length = toLength(expectedLength);
    const pair = bytePair(length);
    if (length <= BigInt(Number.MAX_SAFE_INTEGER)) setStreamLength(pair.readable, Number(length));
    own(this, pair);
  }
}
Object.defineProperty(IdentityTransformStream, "length", { value: 0 });
Object.defineProperty(FixedLengthStream, "length", { value: 0 });

/** The readable and writable sides in place of TransformStream's own (non-enumerable, like its getters). */
function own(stream: TransformStream, pair: BytePair): void {
  for (const [key, value] of Object.entries(pair)) {
    Object.defineProperty(stream, key, { value, configurable: true });
  }
}

/** WebIDL's conversion to a `bigint` length, with workerd's errors. */
function toLength(value: unknown): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw negative();
    return value;
  }
  const number = Number(value);
  if (!Number.isFinite(number)) {
    throw new TypeError("Failed to construct 'FixedLengthStream': constructor parameter 1 is not of type 'bigint'.");
  }
  if (number < 0) throw negative();
  return BigInt(Math.trunc(number));
}

const negative = () =>
  new TypeError("The value cannot be converted because it is negative and this API expects a positive bigint.");

type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => ArrayBufferView;

/** `reader.readAtLeast(minBytes, view)`: reads until `minBytes` bytes are in `view`, or the stream ends. */
async function readAtLeast(
  this: ReadableStreamBYOBReader,
  minBytes: number,
  view: ArrayBufferView,
): Promise<ReadableStreamReadResult<ArrayBufferView>> {
  if (!ArrayBuffer.isView(view)) {
    throw new TypeError(
      "Failed to execute 'readAtLeast' on 'ReadableStreamBYOBReader': parameter 2 is not of type 'ArrayBufferView'.",
    );
  }
  const min = Number(minBytes);
  if (!(min > 0)) throw new TypeError(`Requested invalid minimum number of bytes to read (${minBytes}).`);
  if (min > view.byteLength) {
    throw new TypeError(`Minimum bytes to read (${min}) exceeds size of buffer (${view.byteLength}).`);
  }
  const elementSize = (view as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  const { byteOffset, byteLength } = view;
  let buffer: ArrayBufferLike = view.buffer;
  let filled = 0;
  let ended = false;
  while (filled < min) {
    const { value, done } = await this.read(new Uint8Array(buffer, byteOffset + filled, byteLength - filled));
    if (value) buffer = value.buffer;
    if (done) {
      ended = filled === 0;
      break;
    }
    filled += value.byteLength;
  }
  const Constructor = view.constructor as ViewConstructor;
  const length = view instanceof DataView ? filled : Math.floor(filled / elementSize);
  return { value: new Constructor(buffer, byteOffset, length), done: ended } as never;
}

export function installWorkerdStreams(g: Record<string, unknown>): void {
  Object.assign(g, { IdentityTransformStream, FixedLengthStream });
  recordBlobStreamLengths(Blob);
  Object.defineProperty(ReadableStreamBYOBReader.prototype, "readAtLeast", {
    value: readAtLeast,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}
