/**
 * A request body streamed to the worker. What the worker leaves unread is discarded once the
 * response is sent, so the keep-alive connection moves on to its next request (Node's server only
 * does that itself for bodies nobody started reading), as a production worker's connection does.
 */
import type { IncomingMessage } from "node:http";

export interface StreamedBody {
  stream: ReadableStream<Uint8Array>;
  /** Drops the unread rest: the worker's stream errors with workerd's message, the connection drains. */
  discard(): void;
}

/** Bytes queued ahead of the worker's reads. */
const highWaterMark = 64 * 1024;

export function streamRequestBody(req: IncomingMessage): StreamedBody {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let settled = false;
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk)); // a copy: cloned to the generation byte for byte
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const onEnd = () => settle(() => controller.close());
  const onAborted = () => settle(() => controller.error(new Error("The client disconnected while sending the request body.")));
  const settle = (end: () => void) => {
    if (settled) return;
    settled = true;
    req.off("data", onData).off("end", onEnd).off("aborted", onAborted).off("error", onAborted);
    end();
  };
  // Flowing with no "data" listener: Node reads the rest off the socket and drops it.
  const drain = () => void req.on("error", () => {}).resume();
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on("data", onData).once("end", onEnd).once("aborted", onAborted).once("error", onAborted);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        settle(drain);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark }),
  );
  return {
    stream,
    discard() {
      settle(() => {
        // workerd's wording for a read of the request body after the response went out.
        controller.error(new TypeError("Can't read from request stream after response has been sent."));
        drain();
      });
    },
  };
}
