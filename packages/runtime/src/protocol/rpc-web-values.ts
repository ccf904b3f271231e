/**
 * The web values RPC carries besides structured-clone data (workerd's rules): a `ReadableStream`
 * moves to the receiver (transferred, so it stays streamed with backpressure, never buffered),
 * `Request` and `Response` cross with their body as such a stream, `Headers` as their pairs. A
 * `WritableStream` stays where it is: the receiver gets one whose writes are calls back to it
 * (`sink`), so a write or close resolves once the original stream took it, as in workerd. Each
 * becomes a plain marker before the structured clone and is rebuilt after it.
 */
import { wireHeaders } from "./wire-headers.js";
const WEB = "__kindling_rpc_web__";

type HeaderPairs = [string, string][];

type WebMarker =
  | { [WEB]: "readable"; stream: ReadableStream }
  | { [WEB]: "writable"; sink: unknown }
  | { [WEB]: "headers"; pairs: HeaderPairs }
  | {
      [WEB]: "request";
      method: string;
      url: string;
      headers: HeaderPairs;
      body: ReadableStream | null;
      redirect: RequestRedirect;
    }
  | { [WEB]: "response"; status: number; statusText: string; headers: HeaderPairs; body: ReadableStream | null };

/** Whether `object` is one of the web values above. */
export function isWebValue(object: object): boolean {
  return (
    object instanceof ReadableStream ||
    object instanceof WritableStream ||
    object instanceof Headers ||
    object instanceof Request ||
    object instanceof Response
  );
}

/** Adds a stream to the transfer list of the message carrying it (`typeName`: what carries it, for errors). */
export type StreamMover = (stream: ReadableStream, typeName: string) => ReadableStream;

/** The calls a remote writer makes on a WritableStream (encoded as functions: stubs for the receiver). */
export interface WritableSink {
  write(chunk: unknown): Promise<void>;
  close(): Promise<void>;
  abort(reason: string): Promise<void>;
}

/** A marker for a web value; the readable streams it carries go through `move`, a writable's sink through `encodeSink`. */
export function encodeWebValue(object: object, move: StreamMover, encodeSink: (sink: WritableSink) => unknown): WebMarker {
  if (object instanceof ReadableStream) return { [WEB]: "readable", stream: move(object, "ReadableStream") };
  if (object instanceof WritableStream) {
    if (object.locked) throw new TypeError("The WritableStream is locked and cannot be sent over RPC.");
    const writer = object.getWriter();
    return {
      [WEB]: "writable",
      sink: encodeSink({
        write: (chunk) => writer.write(chunk),
        close: () => writer.close(),
        abort: (reason) => writer.abort(reason),
      }),
    };
  }
  if (object instanceof Headers) return { [WEB]: "headers", pairs: wireHeaders(object) };
  if (object instanceof Request) {
    if (object.bodyUsed) throw bodyUsed();
    return {
      [WEB]: "request",
      method: object.method,
      url: object.url,
      headers: wireHeaders(object.headers),
      body: object.body ? move(object.body, "Request") : null,
      redirect: object.redirect,
    };
  }
  const response = object as Response;
  if (response.bodyUsed) throw bodyUsed();
  return {
    [WEB]: "response",
    status: response.status,
    statusText: response.statusText,
    headers: wireHeaders(response.headers),
    body: response.body ? move(response.body, "Response") : null,
  };
}

export function isWebMarker(record: Record<string, unknown>): boolean {
  return WEB in record;
}

/** The web value a marker stands for (after the structured clone moved its streams here); `decodeSink` turns a sink's marker into stubs. */
export function decodeWebMarker(record: Record<string, unknown>, decodeSink: (sink: unknown) => unknown): unknown {
  const marker = record as WebMarker;
  if (marker[WEB] === "writable") marker.sink = decodeSink(marker.sink);
  switch (marker[WEB]) {
    case "readable":
      return marker.stream;
    case "writable": {
      const sink = marker.sink as WritableSink;
      return new WritableStream({
        write: (chunk) => sink.write(chunk),
        close: () => sink.close(),
        abort: (reason) => sink.abort(String(reason)),
      });
    }
    case "headers":
      return new Headers(marker.pairs);
    case "request":
      return new Request(marker.url, {
        method: marker.method,
        headers: marker.headers,
        body: marker.body,
        redirect: marker.redirect,
        duplex: "half",
      } as RequestInit);
    case "response":
      return new Response(marker.body, { status: marker.status, statusText: marker.statusText, headers: marker.headers });
  }
}

function bodyUsed(): TypeError {
  return new TypeError("Body has already been used. It can only be used once. Use tee() first if you need to read it twice.");
}
