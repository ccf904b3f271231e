/**
 * The one (de)serialization module of RPC. Values cross threads by structured clone; before that,
 * `encode` replaces what structured clone cannot carry with plain markers: functions and RpcTarget
 * instances become stubs (exported by the sender, callable back), errors keep name, message,
 * stack, cause and custom properties. `decode` turns the markers back into stubs and errors.
 */
import type { RpcAddress } from "./messages.js";
import { decodeError as decodeErrorData, encodeError as encodeErrorData, type SerializedError } from "./errors.js";
import { decodeWebMarker, encodeWebValue, isWebMarker, isWebValue } from "./rpc-web-values.js";

const STUB = "__kindling_rpc_stub__";
const ERROR = "__kindling_rpc_error__";

/** What the sending side provides: how to export a local object, and what its stubs point at. */
export interface RpcExporter {
  /** The address of a stub created by this runtime (so it is forwarded, not wrapped), else undefined. */
  addressOf(value: object): RpcAddress | undefined;
  isRpcTarget(value: object): boolean;
  export(value: object): RpcAddress;
  /**
   * The transfer list of the message that will carry the encoded value: streams (also inside a
   * Request or Response) move through it. Absent: a stream cannot be carried (DataCloneError).
   */
  transfer?: Transferable[];
}

/** What the receiving side provides: a stub for an address. */
export type RpcImporter = (address: RpcAddress, isFunction: boolean) => unknown;

/** workerd's text for a value RPC cannot carry. */
export function dataCloneError(typeName: string): DOMException {
  return new DOMException(
    `Could not serialize object of type "${typeName}". This type does not support serialization.`,
    "DataCloneError",
  );
}

export function encode(value: unknown, exporter: RpcExporter, seen = new Map<object, unknown>()): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return value;
    case "symbol":
      throw dataCloneError("symbol");
    case "function": {
      const address = exporter.addressOf(value) ?? exporter.export(value);
      return { [STUB]: address, fn: true };
    }
  }
  const object = value as object;
  if (seen.has(object)) return seen.get(object);
  const forwarded = exporter.addressOf(object);
  if (forwarded) return { [STUB]: forwarded, fn: false };
  if (Array.isArray(object)) {
    const out: unknown[] = [];
    seen.set(object, out);
    for (const item of object) out.push(encode(item, exporter, seen));
    return out;
  }
  if (object instanceof Error) return encodeError(object, exporter, seen);
  if (isCloneableAsIs(object)) return object;
  if (isWebValue(object)) {
    const move = (stream: ReadableStream, typeName: string) => {
      if (!exporter.transfer) throw dataCloneError(typeName);
      if (stream.locked) throw new TypeError("The ReadableStream is locked and cannot be sent over RPC.");
      exporter.transfer.push(stream as unknown as Transferable);
      return stream;
    };
    const marker = encodeWebValue(object, move, (sink) => encode(sink, exporter, seen));
    seen.set(object, marker);
    return marker;
  }
  if (object instanceof Map) {
    const out = new Map();
    seen.set(object, out);
    for (const [k, v] of object) out.set(encode(k, exporter, seen), encode(v, exporter, seen));
    return out;
  }
  if (object instanceof Set) {
    const out = new Set();
    seen.set(object, out);
    for (const v of object) out.add(encode(v, exporter, seen));
    return out;
  }
  if (exporter.isRpcTarget(object)) return { [STUB]: exporter.export(object), fn: false };
  const proto = Object.getPrototypeOf(object) as object | null;
  if (proto !== Object.prototype) {
    throw dataCloneError(proto === null ? "Object" : ((proto.constructor as { name?: string } | undefined)?.name ?? "Object"));
  }
  const out: Record<string, unknown> = {};
  seen.set(object, out);
  for (const key of Object.keys(object)) out[key] = encode((object as Record<string, unknown>)[key], exporter, seen);
  return out;
}

function encodeError(error: Error, exporter: RpcExporter, seen: Map<object, unknown>): unknown {
  const out: { [ERROR]?: SerializedError } = {};
  seen.set(error, out);
  out[ERROR] = encodeErrorData(error, (value) => encode(value, exporter, seen));
  return out;
}

function encodeOrString(value: unknown, exporter: RpcExporter, seen: Map<object, unknown>): unknown {
  try {
    return encode(value, exporter, seen);
  } catch {
    return String(value);
  }
}

function isCloneableAsIs(object: object): boolean {
  return (
    object instanceof Date ||
    object instanceof RegExp ||
    object instanceof ArrayBuffer ||
    ArrayBuffer.isView(object) ||
    object instanceof Blob
  );
}

/** Replaces markers in a structured-cloned tree (mutated in place) with stubs and errors. */
export function decode(value: unknown, importer: RpcImporter, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return seen.get(value);
  if (Array.isArray(value)) {
    seen.set(value, value);
    for (let i = 0; i < value.length; i++) value[i] = decode(value[i], importer, seen);
    return value;
  }
  if (value instanceof Map) {
    const out = new Map();
    seen.set(value, out);
    for (const [k, v] of value) out.set(decode(k, importer, seen), decode(v, importer, seen));
    return out;
  }
  if (value instanceof Set) {
    const out = new Set();
    seen.set(value, out);
    for (const v of value) out.add(decode(v, importer, seen));
    return out;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const record = value as Record<string, unknown>;
  if (STUB in record) {
    const stub = importer(record[STUB] as RpcAddress, record.fn === true);
    seen.set(value, stub);
    return stub;
  }
  if (ERROR in record) return decodeError(record[ERROR] as SerializedError, importer, seen, value);
  if (isWebMarker(record)) {
    const web = decodeWebMarker(record, (sink) => decode(sink, importer, seen));
    seen.set(value, web);
    return web;
  }
  seen.set(value, value);
  for (const key of Object.keys(record)) record[key] = decode(record[key], importer, seen);
  return value;
}

function decodeError(data: SerializedError, importer: RpcImporter, seen: Map<object, unknown>, marker: object): Error {
  return decodeErrorData(
    data,
    (value) => decode(value, importer, seen),
    (error) => seen.set(marker, error),
  );
}

/** An error as an RPC outcome's payload, for failures that no exporter is involved in. */
export function encodeFailure(error: unknown): unknown {
  return encodeOrString(error, noExports, new Map());
}

const noExports: RpcExporter = {
  addressOf: () => undefined,
  isRpcTarget: () => false,
  export: () => {
    throw dataCloneError("Function");
  },
};
