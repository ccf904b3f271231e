/** `new WebSocketPair()`: two linked sockets, `0` (the client end) and `1` (the server end). */
import { WebSocket, webSocketInternals as ws } from "./web-socket.js";

export class WebSocketPair {
  readonly 0: WebSocket;
  readonly 1: WebSocket;

  constructor() {
    const client = ws.create();
    const server = ws.create();
    ws.setOutlet(client, (frame) => ws.receive(server, frame));
    ws.setOutlet(server, (frame) => ws.receive(client, frame));
    this[0] = client;
    this[1] = server;
  }
}
