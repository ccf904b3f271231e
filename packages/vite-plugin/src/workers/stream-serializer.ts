/**
 * v8 serialization of RPC operations and outcomes between dev servers, with their ReadableStreams
 * (also a Request's or Response's body) left out of the bytes: each becomes its index in `streams`,
 * and travels as an HTTP body of its own (remote-streams.ts), so it stays streamed with backpressure.
 * Everything else is as `v8.serialize` (what structured clone carries between processes).
 */
import v8 from "node:v8";

// Node's hooks for host objects (typed arrays, and here streams); @types/node does not declare them.
// oxlint-disable-next-line no-underscore-dangle -- Node's names
const defaultWrite = (v8.DefaultSerializer.prototype as unknown as { _writeHostObject(object: object): void })._writeHostObject;
// oxlint-disable-next-line no-underscore-dangle -- Node's names
const defaultRead = (v8.DefaultDeserializer.prototype as unknown as { _readHostObject(): unknown })._readHostObject;

const DEFAULT = 0;
const STREAM = 1;

class StreamSerializer extends v8.DefaultSerializer {
  readonly streams: ReadableStream[] = [];

  _writeHostObject(object: object): void {
    if (object instanceof ReadableStream) {
      if (object.locked) throw new TypeError("The ReadableStream is locked and cannot be sent over RPC.");
      this.writeUint32(STREAM);
      this.writeUint32(this.streams.push(object) - 1);
      return;
    }
    this.writeUint32(DEFAULT);
    defaultWrite.call(this, object);
  }

  _getDataCloneError(message: string): Error {
    // What structured clone carries between threads but not between processes (a Blob).
    return new DOMException(message, "DataCloneError");
  }
}

class StreamDeserializer extends v8.DefaultDeserializer {
  readonly #streamAt: (index: number) => ReadableStream;

  constructor(bytes: Buffer, streamAt: (index: number) => ReadableStream) {
    super(bytes);
    this.#streamAt = streamAt;
  }

  _readHostObject(): unknown {
    if (this.readUint32() === STREAM) return this.#streamAt(this.readUint32());
    return defaultRead.call(this);
  }
}

/** The bytes of `value`, and the streams it holds, in the order their indexes name them. */
export function serializeWithStreams(value: unknown): { bytes: Buffer; streams: ReadableStream[] } {
  const serializer = new StreamSerializer();
  serializer.writeHeader();
  serializer.writeValue(value);
  return { bytes: serializer.releaseBuffer(), streams: serializer.streams };
}

/** The value back; each stream index becomes `streamAt(index)` (the same stream wherever the index repeats). */
export function deserializeWithStreams(bytes: Buffer, streamAt: (index: number) => ReadableStream): unknown {
  const deserializer = new StreamDeserializer(bytes, streamAt);
  deserializer.readHeader();
  return deserializer.readValue();
}
