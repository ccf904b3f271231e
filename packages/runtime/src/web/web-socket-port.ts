/**
 * A WebSocket returned in a 101 response crosses to the host over a MessagePort: frames the
 * worker's end sends are posted to the port (the port buffers them until the host listens), and
 * frames from the host are sent from the returned end to its peer.
 *
 * A socket that is itself backed by a port (a Durable Object's 101 reaching the worker) and is
 * returned again without being accept()ed hands over that very port: no thread stays in the
 * middle, so the host talks to the object's end directly (what lets hibernatable sockets outlive
 * the worker's generation).
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import type { WebSocketFrame } from "../protocol/messages.js";
import { type WebSocket, webSocketInternals as ws } from "./web-socket.js";

const vanished: WebSocketFrame = {
  type: "close",
  code: 1006,
  reason: "WebSocket disconnected without sending Close frame.",
  wasClean: false,
};

/** Sockets whose frames live on a port nobody listens to yet (see bindWebSocketPort). */
const unstartedPorts = new WeakMap<WebSocket, MessagePort>();
/** Ports whose far end is a hibernatable socket kept by the host. */
const hibernatablePorts = new WeakSet<MessagePort>();

export function markHibernatablePort(port: MessagePort): void {
  hibernatablePorts.add(port);
}

export function isHibernatablePort(port: MessagePort): boolean {
  return hibernatablePorts.has(port);
}

/** Hands `socket` (the client end of a pair) to the host; returns the port to transfer. */
export function toWebSocketPort(socket: WebSocket): MessagePort {
  const own = unstartedPorts.get(socket);
  if (own && ws.stateOf(socket) === "awaiting-accept") {
    unstartedPorts.delete(socket);
    ws.release(socket, () => {});
    return own;
  }
  const { port1, port2 } = new MessageChannel();
  let closed = false;
  const post = (frame: WebSocketFrame) => {
    if (closed) return;
    port1.postMessage(frame, frame.type === "message" && typeof frame.data !== "string" ? [frame.data] : []);
  };
  for (const frame of ws.release(socket, post)) post(frame);
  port1.on("message", (frame: WebSocketFrame) => {
    ws.emit(socket, frame);
    if (frame.type !== "close") return;
    // The client's side is closed: nothing more can cross.
    closed = true;
    port1.close();
  });
  port1.on("close", () => {
    if (!closed) ws.emit(socket, vanished);
    closed = true;
  });
  port1.unref();
  return port2;
}

/** The other way: a socket whose peer is across `port` (a Durable Object's 101 response reaching its caller). */
export function fromWebSocketPort(port: MessagePort): WebSocket {
  const socket = ws.create();
  bindWebSocketPort(socket, port);
  return socket;
}

/**
 * Makes `port` the peer of `socket`: what the socket sends is posted to the port, and what
 * arrives on the port reaches the socket once it is accept()ed (until then it waits in the port).
 */
export function bindWebSocketPort(socket: WebSocket, port: MessagePort): void {
  let closed = false;
  ws.setOutlet(socket, (frame) => {
    if (closed) return;
    port.postMessage(frame, frame.type === "message" && typeof frame.data !== "string" ? [frame.data] : []);
  });
  unstartedPorts.set(socket, port);
  ws.onAccept(socket, () => {
    unstartedPorts.delete(socket);
    port.on("message", (frame: WebSocketFrame) => {
      ws.receive(socket, frame);
      if (frame.type !== "close") return;
      closed = true;
      port.close();
    });
    port.on("close", () => {
      if (!closed) ws.receive(socket, vanished);
      closed = true;
    });
    port.unref();
  });
}
