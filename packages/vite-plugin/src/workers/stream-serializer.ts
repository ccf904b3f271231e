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

/**
 * Node 22 and later no longer hand streams to `_writeHostObject` (they are plain JavaScript objects
 * to V8 there, and would be written as `{}`): streams are swapped for markers before the bytes are
 * written, and back after they are read. Containers are copied once each, so shared references and
 * cycles stay as they were.
 */
const marker = "\0kindling:stream";

function withMarkers(value: unknown, streams: ReadableStream[], copies: Map<object, unknown>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof ReadableStream) {
    if (value.locked) throw new TypeError("The ReadableStream is locked and cannot be sent over RPC.");
    const known = streams.indexOf(value);
    return { [marker]: known === -1 ? streams.push(value) - 1 : known };
  }
  if (copies.has(value)) return copies.get(value);
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(withMarkers(item, streams, copies));
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    copies.set(value, copy);
    for (const [key, item] of value) copy.set(withMarkers(key, streams, copies), withMarkers(item, streams, copies));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    copies.set(value, copy);
    for (const item of value) copy.add(withMarkers(item, streams, copies));
    return copy;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value; // Date, Error, typed arrays, ...: no streams inside
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = withMarkers(item, streams, copies);
  return copy;
}

function withStreams(value: unknown, streamAt: (index: number) => ReadableStream, seen: Set<object>): unknown {
  if (typeof value !== "object" || value === null || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => (value[i] = withStreams(item, streamAt, seen)));
  } else if (value instanceof Map) {
    for (const [key, item] of value) value.set(key, withStreams(item, streamAt, seen));
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    const index = record[marker];
    if (typeof index === "number" && Object.keys(record).length === 1) return streamAt(index);
    for (const key of Object.keys(record)) record[key] = withStreams(record[key], streamAt, seen);
  }
  return value;
}

/** The bytes of `value`, and the streams it holds, in the order their indexes name them. */
export function serializeWithStreams(value: unknown): { bytes: Buffer; streams: ReadableStream[] } {
  const serializer = new StreamSerializer();
  serializer.writeHeader();
  serializer.writeValue(withMarkers(value, serializer.streams, new Map()));
  return { bytes: serializer.releaseBuffer(), streams: serializer.streams };
}

/** The value back; each stream index becomes `streamAt(index)` (the same stream wherever the index repeats). */
export function deserializeWithStreams(bytes: Buffer, streamAt: (index: number) => ReadableStream): unknown {
  const streams = new Map<number, ReadableStream>();
  const once = (index: number) => streams.get(index) ?? streams.set(index, streamAt(index)).get(index)!;
  const deserializer = new StreamDeserializer(bytes, once);
  deserializer.readHeader();
  return withStreams(deserializer.readValue(), once, new Set());
}
