/**
 * Message bodies by content type, as workerd serializes them (src/workerd/api/queue.c++): "text"
 * takes a string, "bytes" an ArrayBufferView (delivered as an ArrayBuffer), "json" any JSON value,
 * "v8" anything the structured clone algorithm accepts.
 */
import v8 from "node:v8";
import type { QueueContentType } from "../../protocol/queues.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `failed` is "Queue send failed" or "Queue sendBatch failed", the prefix of the broker's errors. */
export function serializeBody(body: unknown, contentType: QueueContentType, failed: string): Uint8Array {
  switch (contentType) {
    case "text":
      if (typeof body !== "string") throw requires("text", "string", body);
      return encoder.encode(body);
    case "bytes": {
      if (!ArrayBuffer.isView(body)) throw requires("bytes", "ArrayBufferView", body);
      return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    }
    case "json": {
      const text = JSON.stringify(body) as string | undefined;
      // workerd sends the text "undefined", which no consumer can parse: refuse it here instead.
      if (text === undefined) {
        throw new Error(`${failed}: the message body (a ${typeof body}) cannot be serialized as JSON (contentType "json").`);
      }
      return encoder.encode(text);
    }
    case "v8":
      return new Uint8Array(v8.serialize(body));
  }
}

export function deserializeBody(body: Uint8Array, contentType: QueueContentType): unknown {
  switch (contentType) {
    case "text":
      return decoder.decode(body);
    case "bytes":
      return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
    case "json":
      return JSON.parse(decoder.decode(body));
    case "v8":
      return v8.deserialize(body);
  }
}

function requires(contentType: string, type: string, body: unknown): TypeError {
  return new TypeError(`Content Type "${contentType}" requires a value of type ${type}, but received: ${typeof body}`);
}
