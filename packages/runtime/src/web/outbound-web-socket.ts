/**
 * Outbound WebSockets: `fetch(url, { headers: { Upgrade: "websocket" } })` and `new WebSocket(url)`,
 * both over `ws`'s client. A fetched socket must be accept()ed; one from the constructor opens itself.
 */
import type { IncomingMessage } from "node:http";
import type { WebSocket as WsClient } from "ws";
import { lazyRequire } from "../shared/lazy-require.js";
import type { WebSocketFrame } from "../protocol/messages.js";
import { WebSocket, webSocketInternals as internals } from "./web-socket.js";
import { Response, upgradeResponse } from "./upgrade-response.js";
import { Buffer } from "node:buffer";
import { wireHeaders } from "../protocol/wire-headers.js";

const ws = lazyRequire<typeof import("ws")>("ws");
const OPEN = 1; // WebSocket.OPEN

/** Headers `ws` writes itself; the rest of the request's headers are passed on. */
const handshakeHeaders = new Set([
  "upgrade",
  "connection",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-extensions",
  "sec-websocket-protocol",
  "host",
  "content-length",
]);

export function isWebSocketUpgrade(headers: Headers): boolean {
  return headers.get("upgrade")?.toLowerCase() === "websocket";
}

/** `fetch()` of a request with `Upgrade: websocket`: a 101 with `webSocket`, or the server's other answer. */
export function fetchWebSocket(request: Request): Promise<globalThis.Response> {
  const url = new URL(request.url);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  const protocols = (request.headers.get("sec-websocket-protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const headers: Record<string, string> = {};
  for (const [name, value] of wireHeaders(request.headers)) if (!handshakeHeaders.has(name)) headers[name] = value;
  const client = new (ws().WebSocket)(url, protocols, { headers, perMessageDeflate: false });
  client.binaryType = "arraybuffer";
  const socket = internals.create();
  return new Promise((resolve, reject) => {
    let upgrade: IncomingMessage | undefined;
    client.once("upgrade", (response) => (upgrade = response));
    client.once("open", () => {
      bind(socket, client);
      resolve(upgradeResponse(socket, toHeaders(upgrade)));
    });
    client.once("unexpected-response", (_req, response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve(
          new Response(chunks.length ? Buffer.concat(chunks) : null, {
            status: response.statusCode ?? 500,
            statusText: response.statusMessage ?? "",
            headers: toHeaders(response),
          }),
        ),
      );
    });
    client.once("error", (error) => reject(new TypeError("fetch failed", { cause: error })));
  });
}

/** Installed as the connector of `new WebSocket(url, protocols)`. */
export function connectWebSocket(socket: WebSocket, url: string, protocols: string[]): void {
  const client = new (ws().WebSocket)(url, protocols, { perMessageDeflate: false });
  client.binaryType = "arraybuffer";
  internals.setOutlet(socket, (frame) => {
    if (frame.type === "close") client.terminate();
  });
  client.once("open", () => {
    bind(socket, client);
    internals.opened(socket, client.protocol, client.extensions);
  });
  client.once("unexpected-response", (_req, response) => {
    client.terminate();
    internals.failed(
      socket,
      new TypeError(
        "Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 " +
          `(switching protocols), but received ${response.statusCode} instead.`,
      ),
    );
  });
  client.once("error", (error) => {
    if (client.readyState !== OPEN) internals.failed(socket, error);
  });
}

function bind(socket: WebSocket, client: WsClient): void {
  client.on("message", (data: ArrayBuffer | Buffer, isBinary: boolean) => {
    const frame: WebSocketFrame = isBinary
      ? { type: "message", data: data as ArrayBuffer }
      : { type: "message", data: Buffer.from(data as ArrayBuffer).toString("utf8") };
    internals.receive(socket, frame);
  });
  client.on("close", (code, reason) =>
    internals.receive(socket, { type: "close", code, reason: reason.toString("utf8"), wasClean: code !== 1006 }),
  );
  client.on("error", () => {});
  internals.setOutlet(socket, (frame) => {
    if (frame.type === "message") return client.send(frame.data);
    if (client.readyState !== OPEN) return;
    if (frame.code === 1005) client.close();
    else client.close(frame.code, frame.reason);
  });
}

function toHeaders(message: IncomingMessage | undefined): Headers {
  const headers = new Headers();
  const raw = message?.rawHeaders ?? [];
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

export function installWebSocketConnector(): void {
  internals.setConnector(connectWebSocket);
}
