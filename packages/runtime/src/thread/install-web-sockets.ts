/** Globals for WebSockets: WebSocketPair, WebSocket, the 101-capable Response, and fetch() upgrades. */
import { WebSocket } from "../web/web-socket.js";
import { WebSocketPair } from "../web/web-socket-pair.js";
import { CloseEvent, ErrorEvent } from "../web/web-socket-events.js";
import { Response } from "../web/upgrade-response.js";
import { WebSocketRequestResponsePair } from "../web/web-socket-request-response-pair.js";
import { fetchWebSocket, installWebSocketConnector, isWebSocketUpgrade } from "../web/outbound-web-socket.js";
import { currentIoOwner } from "../shared/io-owner.js";

export function installWebSocketGlobals(g: Record<string, unknown>): void {
  installWebSocketConnector();
  g.WebSocket = WebSocket;
  g.WebSocketPair = WebSocketPair;
  g.WebSocketRequestResponsePair = WebSocketRequestResponsePair;
  g.Response = Response;
  g.CloseEvent ??= CloseEvent;
  g.ErrorEvent ??= ErrorEvent;
  const nodeFetch = g.fetch as typeof fetch;
  g.fetch = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<globalThis.Response> {
    const headers = init?.headers ?? (input instanceof Request ? input.headers : undefined);
    const pending =
      headers && isWebSocketUpgrade(new Headers(headers)) ? fetchWebSocket(new Request(input, init)) : nodeFetch(input, init);
    // A Durable Object waiting on a fetch stays alive until it settles (io-owner.ts).
    const owner = currentIoOwner();
    return owner ? pending.finally(owner.hold("outbound")) : pending;
  };
}
