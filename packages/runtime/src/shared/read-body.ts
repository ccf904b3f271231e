/** Turns the value types Workers APIs accept into bytes. */

/** Reads a stream to the end; rejects with `onTooLarge(size)` past `limit` bytes. */
export async function readStream(
  stream: ReadableStream<Uint8Array>,
  limit = Infinity,
  onTooLarge?: (size: number) => Error,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array | ArrayBufferView>) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    size += bytes.byteLength;
    if (size <= limit) chunks.push(bytes);
  }
  if (size > limit && onTooLarge) throw onTooLarge(size);
  return concat(chunks, Math.min(size, limit));
}

export function concat(chunks: Uint8Array[], size = chunks.reduce((n, c) => n + c.byteLength, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export function isArrayBufferLike(value: unknown): value is ArrayBuffer | SharedArrayBuffer {
  return value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer);
}

/** Bytes of an ArrayBuffer or view (a copy, so later mutation by the caller changes nothing). */
export function bufferSourceBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
  return new Uint8Array(value).slice();
}

/** A stream over bytes, as workerd returns bodies (one chunk). */
export function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: "bytes",
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
      controller.close();
    },
  });
}
