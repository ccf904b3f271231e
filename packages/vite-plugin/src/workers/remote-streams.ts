/**
 * The streams of RPC calls between dev servers (see tunnel.ts). Each travels as an HTTP body of
 * its own, so TCP's flow control holds a producer back when the reader is slow: an argument's
 * stream is uploaded by the caller (`POST /stream/<id>`) next to its `/rpc` call, which may arrive
 * before or after it; a result's stream waits here until the caller pulls it (`POST /pull/<id>`).
 * Ids are random and one-use; what nobody claims within a minute is dropped.
 */
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable, pipeline } from "node:stream";

/** Header naming the streams of an `/rpc` body (request) or answer (response), in index order. */
export const STREAMS_HEADER = "x-kindling-streams";

const UNCLAIMED_MS = 60_000;

/** A stream that reads `source` once it is there (a request or response that has not arrived yet). */
export function lateStream(source: Promise<Readable>): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const open = async () => (reader ??= (Readable.toWeb(await source) as ReadableStream<Uint8Array>).getReader());
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await (await open()).read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        if (reader) await reader.cancel(reason);
        else
          source.then(
            (stream) => stream.destroy(),
            () => {},
          );
      },
    },
    { highWaterMark: 0 },
  );
}

export function streamIds(header: string | string[] | undefined): string[] {
  return typeof header === "string" && header ? header.split(",") : [];
}

interface Upload {
  body: Promise<IncomingMessage>;
  arrived(req: IncomingMessage): void;
  fail(error: Error): void;
  claimed: boolean;
  req?: IncomingMessage;
  timer: NodeJS.Timeout;
}

export class RemoteStreams {
  #uploads = new Map<string, Upload>();
  #results = new Map<string, { stream: ReadableStream; timer: NodeJS.Timeout }>();

  /** The stream a call's argument names (its upload may still be on its way). */
  claim(id: string): ReadableStream<Uint8Array> {
    const upload = this.#upload(id);
    upload.claimed = true;
    if (upload.req) this.#settled(id, upload);
    return lateStream(upload.body);
  }

  /** `POST /stream/<id>`: answered once the body was read to its end, or cancelled by its reader. */
  receive(id: string, req: IncomingMessage, res: ServerResponse): void {
    const upload = this.#upload(id);
    req.once("end", () => res.end()).once("close", () => res.end());
    upload.req = req;
    upload.arrived(req);
    if (upload.claimed) this.#settled(id, upload);
  }

  /** Keeps a result's stream until the caller pulls it; returns its id. */
  offer(stream: ReadableStream): string {
    const id = crypto.randomUUID();
    const timer = setTimeout(() => {
      this.#results.delete(id);
      void stream.cancel(new Error("[kindling] No dev server read this RPC result's stream.")).catch(() => {});
    }, UNCLAIMED_MS).unref();
    this.#results.set(id, { stream, timer });
    return id;
  }

  /** `POST /pull/<id>`: the result's stream as the response body. */
  serve(id: string, res: ServerResponse): boolean {
    const result = this.#results.get(id);
    if (!result) return false;
    this.#results.delete(id);
    clearTimeout(result.timer);
    res.setHeader("content-type", "application/octet-stream");
    pipeline(Readable.fromWeb(result.stream as import("node:stream/web").ReadableStream), res, () => {});
    return true;
  }

  close(): void {
    for (const [id, upload] of this.#uploads) {
      clearTimeout(upload.timer);
      upload.req?.destroy();
      upload.fail(new Error("[kindling] The dev server stopped before this RPC call's stream arrived."));
      this.#uploads.delete(id);
    }
    for (const [id, result] of this.#results) {
      clearTimeout(result.timer);
      void result.stream.cancel().catch(() => {});
      this.#results.delete(id);
    }
  }

  #upload(id: string): Upload {
    let upload = this.#uploads.get(id);
    if (upload) return upload;
    let arrived!: (req: IncomingMessage) => void;
    let fail!: (error: Error) => void;
    const body = new Promise<IncomingMessage>((resolve, reject) => ((arrived = resolve), (fail = reject)));
    body.catch(() => {});
    const timer = setTimeout(() => {
      this.#uploads.delete(id);
      // A body no call claimed is dropped; a call whose body never came fails its reader.
      if (upload!.req) upload!.req.destroy();
      else fail(new Error("[kindling] The stream of an RPC call from another dev server never arrived."));
    }, UNCLAIMED_MS).unref();
    upload = { body, arrived, fail, claimed: false, timer };
    this.#uploads.set(id, upload);
    return upload;
  }

  #settled(id: string, upload: Upload): void {
    clearTimeout(upload.timer);
    this.#uploads.delete(id);
  }
}
