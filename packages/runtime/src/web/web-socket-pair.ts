/** `new WebSocketPair()`: two linked sockets, `0` (the client end) and `1` (the server end). */
import { WebSocket, webSocketInternals as ws } from "./web-socket.js";

const peers = new WeakMap<WebSocket, WebSocket>();

export class WebSocketPair {
  readonly 0: WebSocket;
  readonly 1: WebSocket;

  constructor() {
    const client = ws.create();
    const server = ws.create();
    ws.setOutlet(client, (frame) => ws.receive(server, frame));
    ws.setOutlet(server, (frame) => ws.receive(client, frame));
    // workerd's pair sockets show no negotiated protocol or extensions: '' (not null).
    ws.opened(client, "", "");
    ws.opened(server, "", "");
    peers.set(client, server);
    peers.set(server, client);
    this[0] = client;
    this[1] = server;
  }
}

/** The other end of a pair's socket; undefined for sockets not made by a WebSocketPair. */
export function peerOf(socket: WebSocket): WebSocket | undefined {
  return peers.get(socket);
}
