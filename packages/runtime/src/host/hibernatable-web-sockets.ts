/**
 * The host's side of hibernatable WebSockets (`ctx.acceptWebSocket`): the client end of every
 * such socket stays here, with its tags and serialized attachment, so it survives idle eviction
 * and reloads exactly as it survives hibernation in production. A client's message wakes the
 * object wherever the directory places it (the current generation after an edit); messages equal
 * to the object's auto-response request are answered here without waking it.
 */
import { assertNever } from "../shared/assert-never.js";
import type { MessagePort } from "node:worker_threads";
import type {
  AutoResponsePair,
  HibernatableSocketEvent,
  HibernationChange,
  HibernationState,
  RpcAddress,
  RpcOperation,
  RpcOutcome,
  WebSocketFrame,
} from "../protocol/messages.js";
import { decode } from "../protocol/rpc-codec.js";
import type { GenerationLink } from "./durable-object-directory.js";

type ObjectAddress = RpcAddress & { kind: "object" };

export interface HibernatableWebSocketsOptions {
  /** Runs an event in the object, wherever the directory places it. */
  call(address: ObjectAddress, operation: RpcOperation): Promise<RpcOutcome>;
  onError(message: string): void;
  now?: () => number;
}

interface SocketRecord {
  id: string;
  tags: string[];
  attachment: Uint8Array | null;
  closedOutgoing: boolean;
  autoResponseTimestamp: number | null;
  port: MessagePort;
  /** Events of one socket are delivered one after the other, as workerd's read loop does. */
  events: Promise<void>;
  ended: boolean;
}

interface ObjectRecord {
  address: ObjectAddress;
  sockets: Map<string, SocketRecord>;
  autoResponse: AutoResponsePair | null;
  eventTimeout: number | null;
  /** Generations that know this object's sockets (they got a sync, or made the changes). */
  synced: Set<GenerationLink>;
}

export class HibernatableWebSockets {
  #options: HibernatableWebSocketsOptions;
  #objects = new Map<string, ObjectRecord>();
  #now: () => number;

  constructor(options: HibernatableWebSocketsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Open sockets of an object (for diagnostics and tests). */
  count(address: ObjectAddress): number {
    return this.#objects.get(keyOf(address))?.sockets.size ?? 0;
  }

  /** Open sockets of an object with their tags (the explorer). */
  list(address: Pick<ObjectAddress, "storageName" | "id">): { id: string; tags: string[] }[] {
    const sockets = this.#objects.get(keyOf(address as ObjectAddress))?.sockets.values() ?? [];
    return [...sockets].filter((socket) => !socket.ended).map((socket) => ({ id: socket.id, tags: [...socket.tags] }));
  }

  /** A generation changed an object's sockets. */
  onChange(from: GenerationLink, address: ObjectAddress, change: HibernationChange): void {
    const object = this.#object(address);
    object.synced.add(from);
    switch (change.type) {
      case "accept":
        return this.#accept(object, change.socket, change.tags, change.port);
      case "send": {
        const socket = object.sockets.get(change.socket);
        if (!socket || socket.ended) return;
        if (change.frame.type === "close") socket.closedOutgoing = true;
        return post(socket.port, change.frame);
      }
      case "attachment": {
        const socket = object.sockets.get(change.socket);
        if (socket) socket.attachment = change.attachment;
        return;
      }
      case "auto-response":
        object.autoResponse = change.pair;
        return;
      case "event-timeout":
        object.eventTimeout = change.timeout;
        return;
      default:
        return assertNever(change, "hibernation change");
    }
  }

  /** Call right before a call for `address` is posted to `link`: a generation new to the object learns its sockets first. */
  beforeCall(link: GenerationLink, address: ObjectAddress): void {
    const key = keyOf(address);
    const object = this.#objects.get(key);
    if (!object || object.synced.has(link)) return;
    object.synced.add(link);
    link.hibernation(key, { type: "sync", state: stateOf(object) });
  }

  /** A generation ended. */
  detach(link: GenerationLink): void {
    for (const object of this.#objects.values()) object.synced.delete(link);
  }

  close(): void {
    for (const object of this.#objects.values()) {
      for (const socket of object.sockets.values()) socket.port.close();
    }
    this.#objects.clear();
  }

  #object(address: ObjectAddress): ObjectRecord {
    const key = keyOf(address);
    let object = this.#objects.get(key);
    if (!object) {
      const plain: ObjectAddress = { kind: "object", worker: address.worker, storageName: address.storageName, id: address.id };
      object = { address: plain, sockets: new Map(), autoResponse: null, eventTimeout: null, synced: new Set() };
      this.#objects.set(key, object);
    }
    return object;
  }

  #accept(object: ObjectRecord, id: string, tags: string[], port: MessagePort): void {
    const socket: SocketRecord = {
      id,
      tags,
      attachment: null,
      closedOutgoing: false,
      autoResponseTimestamp: null,
      port,
      events: Promise.resolve(),
      ended: false,
    };
    object.sockets.set(id, socket);
    port.on("message", (frame: WebSocketFrame) => this.#fromClient(object, socket, frame));
    port.on("close", () => {
      if (socket.ended) return;
      this.#end(object, socket, {
        type: "close",
        code: 1006,
        reason: "WebSocket disconnected without sending Close frame.",
        wasClean: false,
      });
    });
    port.unref();
  }

  #fromClient(object: ObjectRecord, socket: SocketRecord, frame: WebSocketFrame): void {
    if (socket.ended) return;
    if (frame.type === "message") {
      const pair = object.autoResponse;
      if (pair && frame.data === pair.request) {
        if (!socket.closedOutgoing) post(socket.port, { type: "message", data: pair.response });
        const time = this.#now();
        socket.autoResponseTimestamp = time;
        const key = keyOf(object.address);
        for (const link of object.synced) link.hibernation(key, { type: "auto-responded", socket: socket.id, time });
        return;
      }
      return this.#dispatch(object, socket, { type: "message", data: frame.data });
    }
    // A close the client did not finish cleanly (other than a vanished client) is an error, as in workerd.
    if (!frame.wasClean && frame.code !== 1006) {
      return this.#end(object, socket, { type: "error", message: frame.reason || `WebSocket closed with code ${frame.code}.` });
    }
    const reason = frame.code === 1006 && !frame.reason ? "WebSocket disconnected without sending Close frame." : frame.reason;
    this.#end(object, socket, { ...frame, reason });
  }

  /** The last event of a socket: once it ran, the socket is gone. */
  #end(object: ObjectRecord, socket: SocketRecord, event: HibernatableSocketEvent): void {
    socket.ended = true;
    this.#dispatch(object, socket, event);
    void socket.events.then(() => {
      object.sockets.delete(socket.id);
      socket.port.close();
    });
  }

  #dispatch(object: ObjectRecord, socket: SocketRecord, event: HibernatableSocketEvent): void {
    socket.events = socket.events.then(async () => {
      const outcome = await this.#options.call(object.address, { op: "websocket", socket: socket.id, event });
      if (outcome.ok) return;
      const error = decode(outcome.error, () => undefined) as Error | undefined;
      const handler =
        event.type === "message" ? "webSocketMessage" : event.type === "close" ? "webSocketClose" : "webSocketError";
      this.#options.onError(
        `[kindling] ${handler}() of Durable Object ${keyOf(object.address)} threw: ${error?.stack ?? String(error)}`,
      );
    });
  }
}

function post(port: MessagePort, frame: WebSocketFrame): void {
  port.postMessage(frame, frame.type === "message" && typeof frame.data !== "string" ? [frame.data] : []);
}

function stateOf(object: ObjectRecord): HibernationState {
  return {
    // Ended sockets too: their last event may still be on its way.
    sockets: [...object.sockets.values()].map((s) => ({
      id: s.id,
      tags: s.tags,
      attachment: s.attachment,
      closedOutgoing: s.closedOutgoing,
      autoResponseTimestamp: s.autoResponseTimestamp,
    })),
    autoResponse: object.autoResponse,
    eventTimeout: object.eventTimeout,
  };
}

function keyOf(address: ObjectAddress): string {
  return `${address.storageName}/${address.id}`;
}
