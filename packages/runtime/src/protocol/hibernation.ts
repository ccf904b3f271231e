/** Messages about hibernatable WebSockets (`ctx.acceptWebSocket`), whose client ends the host keeps. */
import type { MessagePort } from "node:worker_threads";
import type { WebSocketFrame } from "./messages.js";

export interface AutoResponsePair {
  request: string;
  response: string;
}

/** What a generation changed about an object's hibernatable sockets; the host keeps it across reloads. */
export type HibernationChange =
  /** `port` is the host's end of the socket: frames from the client arrive on it, frames to it are posted on it. */
  | { type: "accept"; socket: string; tags: string[]; port: MessagePort }
  | { type: "send"; socket: string; frame: WebSocketFrame }
  /** V8-serialized attachment, or null. */
  | { type: "attachment"; socket: string; attachment: Uint8Array | null }
  | { type: "auto-response"; pair: AutoResponsePair | null }
  | { type: "event-timeout"; timeout: number | null };

export interface HibernatableSocketState {
  id: string;
  tags: string[];
  attachment: Uint8Array | null;
  /** The object called close(): send() throws after a wake too. */
  closedOutgoing: boolean;
  autoResponseTimestamp: number | null;
}

/** Everything an object's hibernatable sockets need to be seen by an instance in another generation. */
export interface HibernationState {
  sockets: HibernatableSocketState[];
  autoResponse: AutoResponsePair | null;
  eventTimeout: number | null;
}

/** From the host to the generation that hosts (or is about to host) the object. */
export type HibernationUpdate =
  | { type: "sync"; state: HibernationState }
  | { type: "auto-responded"; socket: string; time: number };

/** The event an object's `webSocketMessage` / `webSocketClose` / `webSocketError` handler gets. */
export type HibernatableSocketEvent =
  | { type: "message"; data: string | ArrayBuffer }
  | { type: "close"; code: number; reason: string; wasClean: boolean }
  | { type: "error"; message: string };
