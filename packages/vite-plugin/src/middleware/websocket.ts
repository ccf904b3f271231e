/**
 * WebSocket upgrades for the worker: every upgrade that is not Vite's own HMR socket reaches the
 * worker's fetch() as a Request with `Upgrade: websocket`. A 101 with a WebSocket is accepted with
 * `ws` (its headers, e.g. Set-Cookie, reach the client) and bridged to the worker's end; any other
 * answer is written back as a plain HTTP response.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { MessagePort } from "node:worker_threads";
import { WebSocketServer } from "ws";
import { isHostAllowed } from "host-validation-middleware";
import type { WireResponse } from "@kindling/runtime/protocol";
import type { WorkerHost } from "../environment/worker-host.js";
import { toWireRequest } from "./wire-http.js";
import { resolveRequestTarget } from "./request-target.js";
import { bridgeWebSocket } from "./bridge-websocket.js";
import { writeRawResponse } from "./write-raw-response.js";

const viteProtocols = new Set(["vite-hmr", "vite-ping"]);
/** Headers of the worker's 101 that the handshake itself owns. */
const handshakeHeaders = new Set([
  "connection",
  "upgrade",
  "sec-websocket-accept",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
  "content-length",
  "transfer-encoding",
]);

interface Upgrade {
  protocol: string | undefined;
  headers: string[];
}

/** `allowedHosts`: Vite's resolved `server.allowedHosts`, or true when Vite checks no Host (it also skips the check under https). */
export function websocketMiddleware(host: WorkerHost, allowedHosts: readonly string[] | true) {
  const upgrades = new WeakMap<IncomingMessage, Upgrade>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (_offered, req) => upgrades.get(req)?.protocol ?? false,
  });
  wss.on("headers", (headers, req) => headers.push(...(upgrades.get(req)?.headers ?? [])));

  return async function kindlingWebSocketUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (viteProtocols.has(String(req.headers["sec-websocket-protocol"] ?? "").trim())) return;
    socket.on("error", () => {});
    // The same DNS-rebinding guard Vite's hostValidationMiddleware gives HTTP requests (and its own HMR socket).
    if (allowedHosts !== true && !isHostAllowed(req.headers.host, allowedHosts)) {
      const hostname = JSON.stringify(req.headers.host?.replace(/:\d+$/, "") ?? "");
      const text = `Blocked request. This host (${hostname}) is not allowed.\nTo allow this host, add ${hostname} to \`server.allowedHosts\` in vite.config.js.`;
      return writeRawResponse(socket, {
        status: 403,
        statusText: "",
        headers: [["content-type", "text/plain"]],
        body: toBuffer(text),
      });
    }
    const target = resolveRequestTarget(req);
    if (!target.ok) {
      const headers: [string, string][] = [["content-type", "text/plain; charset=utf-8"]];
      return writeRawResponse(socket, { status: target.status, statusText: "", headers, body: toBuffer(`${target.message}\n`) });
    }
    let outcome;
    try {
      outcome = await host.fetch((await toWireRequest(req, target.url)).request);
    } catch (error) {
      outcome = { type: "error" as const, error: error as Error };
    }
    if (outcome.type === "pass-through") {
      return writeRawResponse(socket, { status: 404, statusText: "", headers: [], body: null });
    }
    if (outcome.type !== "response") {
      if (outcome.type === "error") host.reporter.report(outcome.error, "request");
      const text = outcome.error.stack ?? outcome.error.message;
      return writeRawResponse(socket, {
        status: 500,
        statusText: "",
        headers: [["content-type", "text/plain"]],
        body: toBuffer(text),
      });
    }
    const { response } = outcome;
    const port = response.webSocket as MessagePort | undefined;
    if (response.status !== 101 || !port) return writeRawResponse(socket, response);
    upgrades.set(req, toUpgrade(response));
    let bridged = false;
    socket.once("close", () => bridged || port.close());
    if (socket.destroyed) return void port.close();
    wss.handleUpgrade(req, socket, head, (ws) => {
      bridged = true;
      // A hibernatable socket's far end is kept by the host, not by a generation: reloads leave it open.
      bridgeWebSocket(ws, port, response.hibernatable ? undefined : outcome.retired);
    });
  };
}

function toUpgrade(response: WireResponse): Upgrade {
  let protocol: string | undefined;
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    if (key === "sec-websocket-protocol") protocol = value;
    if (!handshakeHeaders.has(key)) headers.push(`${name}: ${value}`);
  }
  return { protocol, headers };
}

function toBuffer(text: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(text);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
