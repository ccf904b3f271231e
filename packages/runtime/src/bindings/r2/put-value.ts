import { bufferSourceBytes, isArrayBufferLike, readStream } from "../../shared/read-body.js";

/** Bytes of a put value: ReadableStream, ArrayBuffer(View), string, Blob or null. */
export async function toPutBytes(value: unknown, method: "put" | "uploadPart" = "put"): Promise<Uint8Array> {
  if (value === null || value === undefined) return new Uint8Array();
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ReadableStream) return readStream(value);
  if (isArrayBufferLike(value) || ArrayBuffer.isView(value)) return bufferSourceBytes(value as ArrayBuffer);
  if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
  throw new TypeError(
    `Failed to execute '${method}' on 'R2Bucket': parameter 2 is not of type 'JsReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.`,
  );
}
