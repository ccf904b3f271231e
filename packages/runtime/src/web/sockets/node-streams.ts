/**
 * A Node TCP/TLS socket as the two web streams of a Workers `Socket`: a byte `ReadableStream`
 * (paused while its queue is full) and a `WritableStream` of bytes. `detach()` stops both from
 * using the connection (for `startTls()`, which goes on over the same connection).
 */
import type { Socket as NodeSocket } from "node:net";

export interface SocketStreams {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<ArrayBufferView | ArrayBuffer | string>;
  /** Resolves once every write so far has been handed to the connection. */
  flush(): Promise<void>;
  /** Stops reading and writing: the connection is someone else's from now on. */
  detach(): void;
  /** Resolves when the readable side ended (the peer closed its side). */
  ended: Promise<void>;
}

const encoder = new TextEncoder();

/** What a socket's writable takes: bytes, and strings (as UTF-8), as workerd does. */
function toBytes(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("This WritableStream only supports writing byte types.");
}

/** `connection` may still be on its way (the TLS connection of `startTls()`): writes wait for it. */
export function createSocketStreams(connecting: Promise<NodeSocket>): SocketStreams {
  let connection: NodeSocket | undefined;
  let detached = false;
  let pending: Promise<void> = Promise.resolve();
  let markEnded!: () => void;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  let controller!: ReadableByteStreamController;
  let done = false;
  const onData = (chunk: Buffer) => {
    if (done) return;
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice());
    if ((controller.desiredSize ?? 0) <= 0) connection?.pause();
  };
  const onEnd = () => {
    if (done) return;
    done = true;
    controller.close();
    controller.byobRequest?.respond(0);
    markEnded();
  };
  const onError = (error: Error) => {
    if (done) return;
    done = true;
    controller.error(error);
  };
  const readable = new ReadableStream({
    type: "bytes",
    async start(c) {
      controller = c;
      connection = await connecting;
      if (!detached) connection.on("data", onData).on("end", onEnd).on("error", onError);
    },
    pull() {
      if (!detached) connection?.resume();
    },
    cancel() {
      done = true;
      if (!detached) connection?.destroy();
    },
  });
  const writable = new WritableStream<ArrayBufferView | ArrayBuffer | string>({
    async write(chunk) {
      const bytes = toBytes(chunk);
      const socket = await connecting;
      const written = new Promise<void>((resolve, reject) => {
        if (detached || socket.destroyed) return reject(new TypeError("This WritableStream has been closed."));
        socket.write(bytes, (error) => (error ? reject(error) : resolve()));
      });
      pending = written.catch(() => {});
      return written;
    },
    async close() {
      const socket = await connecting;
      return new Promise<void>((resolve) => {
        if (detached || socket.destroyed || socket.writableEnded) return resolve();
        socket.end(resolve);
      });
    },
    async abort() {
      if (!detached) (await connecting).destroy();
    },
  });
  return {
    readable,
    writable,
    ended,
    flush: () => pending,
    detach() {
      detached = true;
      done = true;
      connection?.off("data", onData).off("end", onEnd).off("error", onError);
    },
  };
}
