/** Node's IncomingMessage / ServerResponse <-> the wire format generations speak. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HeaderPairs, WireRequest, WireResponse } from "@kindling/runtime/protocol";
import { streamRequestBody } from "./request-body.js";

/** Request bodies up to this size with a known length cross as one ArrayBuffer; others stream. */
const BUFFERED_BODY_LIMIT = 4 * 1024 * 1024;

export interface IncomingWireRequest {
  request: WireRequest;
  /** Drops the body the worker left unread; call once the response is out. */
  discardBody(): void;
}

/** Headers the Cloudflare edge sets on every request it hands a worker, whatever the client sent. */
const edgeHeaders = new Set(["cf-connecting-ip", "accept-encoding"]);

/**
 * `url` is the request's URL as resolved by `resolveRequestTarget`. The headers are the client's
 * plus what the edge adds: `cf-connecting-ip` (the client's address) and `accept-encoding: br, gzip`
 * (the encodings the edge accepts from a worker; it compresses for the client itself).
 */
export async function toWireRequest(req: IncomingMessage, url: string): Promise<IncomingWireRequest> {
  const headers: HeaderPairs = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]![0] !== ":" && !edgeHeaders.has(raw[i]!.toLowerCase())) headers.push([raw[i]!, raw[i + 1]!]);
  }
  headers.push(["accept-encoding", "br, gzip"], ["cf-connecting-ip", clientAddress(req)]);
  const method = req.method ?? "GET";
  const { body, discardBody } = await readBody(req, method);
  const accepted = req.headers["accept-encoding"] ?? "";
  return { request: { method, url, headers, body, clientAcceptEncoding: accepted }, discardBody };
}

/** The client's IP address (an IPv4 client of a dual-stack socket without its `::ffff:` prefix). */
function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "127.0.0.1";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

async function readBody(req: IncomingMessage, method: string): Promise<{ body: WireRequest["body"]; discardBody: () => void }> {
  const none = () => {};
  if (method === "GET" || method === "HEAD") return { body: null, discardBody: none };
  const length = Number(req.headers["content-length"]);
  if (req.headers["content-length"] === undefined || !(length <= BUFFERED_BODY_LIMIT)) {
    if (req.headers["transfer-encoding"] === undefined && req.headers["content-length"] === undefined) {
      return { body: null, discardBody: none };
    }
    const { stream, discard } = streamRequestBody(req);
    return { body: stream, discardBody: discard };
  }
  const body = new Uint8Array(new ArrayBuffer(length));
  let offset = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body.set(chunk.subarray(0, length - offset), offset);
    offset += chunk.byteLength;
  }
  return { body: offset === length ? body.buffer : body.buffer.slice(0, Math.min(offset, length)), discardBody: none };
}

/** Writes the worker's response; repeated headers (Set-Cookie) stay separate. */
export async function writeWireResponse(req: IncomingMessage, res: ServerResponse, response: WireResponse): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  const grouped = new Map<string, string[]>();
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    const list = grouped.get(key);
    if (list) list.push(value);
    else grouped.set(key, [value]);
  }
  for (const [name, values] of grouped) res.setHeader(name, values.length === 1 ? values[0]! : values);
  const body = response.body;
  if (body === null || req.method === "HEAD") {
    if (body instanceof ReadableStream) await body.cancel();
    res.end();
  } else if (typeof body === "string") {
    res.end(body);
  } else if (body instanceof ArrayBuffer) {
    res.end(Buffer.from(body));
  } else {
    await pipeStream(body, res);
  }
}

async function pipeStream(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const onClose = () => void reader.cancel(new Error("The client disconnected.")).catch(() => {});
  res.once("close", onClose);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch (error) {
    // The worker's stream failed mid-body: the status line is gone, so cut the connection.
    res.destroy(error as Error);
  } finally {
    res.off("close", onClose);
  }
}
