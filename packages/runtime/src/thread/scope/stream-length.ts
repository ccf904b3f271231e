/**
 * Streams whose length workerd knows in advance: `Blob.stream()` and a FixedLengthStream's readable
 * side. workerd sends such a stream as a request body with `content-length`, not chunked.
 */
const lengths = new WeakMap<ReadableStream, number>();

export function setStreamLength(stream: ReadableStream, length: number): void {
  lengths.set(stream, length);
}

/** The length known for `body`, if it is such a stream. */
export function streamLength(body: unknown): number | undefined {
  return body instanceof ReadableStream ? lengths.get(body) : undefined;
}

/** Records the length of every stream `Blob.prototype.stream()` makes (File's too). */
export function recordBlobStreamLengths(blob: typeof Blob): void {
  const stream = blob.prototype.stream;
  Object.defineProperty(blob.prototype, "stream", {
    value: {
      stream(this: Blob): ReadableStream<Uint8Array> {
        const made = stream.call(this) as ReadableStream<Uint8Array>;
        setStreamLength(made, this.size);
        return made;
      },
    }.stream,
    writable: true,
    configurable: true,
    enumerable: true,
  });
}
