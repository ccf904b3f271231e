/** Joins a client's `ws` socket to the worker's end of a WebSocket, over the MessagePort from its 101. */
import type { MessagePort } from "node:worker_threads";
import { WebSocket, type RawData } from "ws";
import type { WebSocketFrame } from "@kindling/runtime/protocol";

/**
 * Frames and close codes travel both ways; a client that vanishes becomes a 1006 close in the
 * worker. When the worker's generation retires (`retired` aborts) the client gets 1012
 * ("Service Restart") and can reconnect to the new generation at once.
 */
export function bridgeWebSocket(ws: WebSocket, port: MessagePort, retired: AbortSignal | undefined): void {
  port.on("message", (frame: WebSocketFrame) => {
    if (frame.type === "message") return ws.readyState === WebSocket.OPEN && ws.send(frame.data);
    close(ws, frame.code, frame.reason);
  });
  port.on("close", () => close(ws, 1012, "Service Restart"));
  ws.on("message", (data: RawData, isBinary: boolean) => {
    if (!isBinary) return port.postMessage({ type: "message", data: data.toString() } satisfies WebSocketFrame);
    const bytes = toArrayBuffer(data);
    port.postMessage({ type: "message", data: bytes } satisfies WebSocketFrame, [bytes]);
  });
  // A protocol error (bad frame, message too big) closes the socket uncleanly, with the error's text.
  let failure: Error | undefined;
  ws.on("close", (code, reason) => {
    const frame: WebSocketFrame = failure
      ? { type: "close", code, reason: failure.message, wasClean: false }
      : { type: "close", code, reason: reason.toString(), wasClean: code !== 1006 };
    port.postMessage(frame);
  });
  ws.on("error", (error) => (failure = error));
  if (retired?.aborted) close(ws, 1012, "Service Restart");
  else retired?.addEventListener("abort", () => close(ws, 1012, "Service Restart"), { once: true });
}

function close(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (code === 1005) ws.close();
  else if (code === 1006) ws.terminate();
  else ws.close(code, reason);
}

function toArrayBuffer(data: RawData): ArrayBuffer {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}
