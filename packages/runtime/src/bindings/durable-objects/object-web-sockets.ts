/**
 * The hibernatable WebSockets of one Durable Object (`ctx.acceptWebSocket`) as this generation
 * sees them. The client end of each socket is kept by the host, with its tags and serialized
 * attachment: what the object sends goes through the host, what the client sends comes back as
 * webSocketMessage/Close/Error events. This table outlives instances (idle eviction), and a new
 * generation gets it from the host before its first event for the object.
 */
import { randomUUID } from "node:crypto";
import { MessageChannel } from "node:worker_threads";
import type {
  AutoResponsePair,
  HibernatableSocketState,
  HibernationChange,
  HibernationState,
  WebSocketFrame,
} from "../../protocol/messages.js";
import { WebSocket, webSocketInternals as ws } from "../../web/web-socket.js";
import { peerOf } from "../../web/web-socket-pair.js";
import { bindWebSocketPort, markHibernatablePort } from "../../web/web-socket-port.js";
import { WebSocketRequestResponsePair } from "../../web/web-socket-request-response-pair.js";
import { Buffer } from "node:buffer";

// workerd's limits (src/workerd/api/actor-state.c++, io/hibernation-manager.c++).
const MAX_TAGS = 10;
const MAX_TAG_LENGTH = 256;
const MAX_SOCKETS = 32_768;
const MAX_AUTO_RESPONSE_SIZE = 2048;
const MAX_EVENT_TIMEOUT = 604_800_000;

type Post = (change: HibernationChange, transfer?: Transferable[]) => void;

interface Entry {
  id: string;
  socket: WebSocket;
  tags: string[];
  autoResponseTimestamp: number | null;
}

export class ObjectWebSockets {
  #post: Post;
  /** In acceptance order. */
  #entries = new Map<string, Entry>();
  #bySocket = new WeakMap<WebSocket, Entry>();
  #autoResponse: AutoResponsePair | null = null;
  #eventTimeout: number | null = null;

  constructor(post: Post) {
    this.#post = post;
  }

  accept(socket: WebSocket, tags?: Iterable<string>): void {
    if (!(socket instanceof WebSocket)) {
      throw new TypeError("Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.");
    }
    if (ws.stateOf(socket) === "accepted") {
      throw new Error("Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`");
    }
    const peer = peerOf(socket);
    if (!peer || ws.stateOf(peer) !== "awaiting-accept" || ws.stateOf(socket) !== "awaiting-accept") {
      throw new Error(
        "Cannot call `acceptWebSocket()` on this WebSocket because its pair has already been accepted or used in a Response.",
      );
    }
    const distinct = distinctTags(tags);
    if (this.#entries.size >= MAX_SOCKETS) {
      throw new Error(`only ${MAX_SOCKETS} websockets can be accepted on a single Durable Object instance`);
    }
    // The client end now talks to the host; returned in a 101, it hands over this port as is.
    const { port1: hostPort, port2: clientPort } = new MessageChannel();
    bindWebSocketPort(peer, clientPort);
    markHibernatablePort(clientPort);
    const id = randomUUID();
    this.#post({ type: "accept", socket: id, tags: distinct, port: hostPort }, [hostPort as unknown as Transferable]);
    this.#add({ id, tags: distinct, attachment: null, closedOutgoing: false, autoResponseTimestamp: null }, socket);
  }

  /** Newest first, as workerd lists them; with a tag, in acceptance order (workerd's per-tag lists). */
  get(tag?: string): WebSocket[] {
    const entries = [...this.#entries.values()];
    if (tag === undefined) return entries.toReversed().map((e) => e.socket);
    const wanted = String(tag);
    return entries.filter((e) => e.tags.includes(wanted)).map((e) => e.socket);
  }

  tagsOf(socket: WebSocket): string[] {
    const entry = this.#bySocket.get(socket);
    if (entry) return [...entry.tags];
    if (socket instanceof WebSocket && ws.stateOf(socket) === "accepted") {
      throw new Error("only hibernatable websockets can have tags.");
    }
    throw new Error("you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.");
  }

  timestampOf(socket: WebSocket): Date | null {
    const time = this.#bySocket.get(socket)?.autoResponseTimestamp ?? null;
    return time === null ? null : new Date(time);
  }

  setAutoResponse(pair?: WebSocketRequestResponsePair | null): void {
    if (pair === undefined || pair === null) {
      this.#autoResponse = null;
    } else {
      if (!(pair instanceof WebSocketRequestResponsePair)) {
        throw new TypeError(
          "Failed to execute 'setWebSocketAutoResponse' on 'DurableObjectState': parameter 1 is not of type 'WebSocketRequestResponsePair'.",
        );
      }
      for (const [name, text] of [
        ["Request", pair.request],
        ["Response", pair.response],
      ] as const) {
        const size = Buffer.byteLength(text);
        if (size > MAX_AUTO_RESPONSE_SIZE) {
          throw new RangeError(
            `${name} cannot be larger than ${MAX_AUTO_RESPONSE_SIZE} bytes. A ${name.toLowerCase()} of size ${size} was provided.`,
          );
        }
      }
      this.#autoResponse = { request: pair.request, response: pair.response };
    }
    this.#post({ type: "auto-response", pair: this.#autoResponse });
  }

  getAutoResponse(): WebSocketRequestResponsePair | null {
    const pair = this.#autoResponse;
    return pair ? new WebSocketRequestResponsePair(pair.request, pair.response) : null;
  }

  setEventTimeout(timeout?: number | null): void {
    const ms = timeout === undefined || timeout === null ? 0 : Number(timeout);
    if (ms > MAX_EVENT_TIMEOUT) throw new Error(`Event timeout should not exceed ${MAX_EVENT_TIMEOUT} ms.`);
    this.#eventTimeout = ms > 0 ? ms : null;
    this.#post({ type: "event-timeout", timeout: this.#eventTimeout });
  }

  get eventTimeout(): number | null {
    return this.#eventTimeout;
  }

  /** The socket an event from the host is for (undefined if it was already closed here). */
  socket(id: string): WebSocket | undefined {
    return this.#entries.get(id)?.socket;
  }

  /** After webSocketClose/webSocketError: the socket is gone. */
  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bySocket.delete(entry.socket);
  }

  /** The host's state of this object, for a generation that hosts it for the first time. */
  load(state: HibernationState): void {
    for (const socket of state.sockets) if (!this.#entries.has(socket.id)) this.#add(socket, ws.create());
    this.#autoResponse = state.autoResponse;
    this.#eventTimeout = state.eventTimeout;
  }

  autoResponded(id: string, time: number): void {
    const entry = this.#entries.get(id);
    if (entry) entry.autoResponseTimestamp = time;
  }

  #add(state: HibernatableSocketState, socket: WebSocket): void {
    const entry: Entry = { id: state.id, socket, tags: state.tags, autoResponseTimestamp: state.autoResponseTimestamp };
    this.#entries.set(state.id, entry);
    this.#bySocket.set(socket, entry);
    ws.hibernate(socket, {
      outlet: (frame) => this.#post({ type: "send", socket: state.id, frame }, transferOf(frame)),
      onAttachment: (attachment) => this.#post({ type: "attachment", socket: state.id, attachment }),
      // A socket accepted just now keeps (and reports) the attachment it may already have.
      attachment: state.attachment ?? undefined,
      closedOutgoing: state.closedOutgoing,
    });
  }
}

/** workerd's checks, in its order: the count is checked before each tag, duplicates are dropped. */
function distinctTags(tags: Iterable<string> | undefined): string[] {
  const distinct: string[] = [];
  for (const value of tags ?? []) {
    const tag = String(value);
    if (distinct.length >= MAX_TAGS) throw new Error(`a Hibernatable WebSocket cannot have more than ${MAX_TAGS} tags`);
    if (Buffer.byteLength(tag) > MAX_TAG_LENGTH) {
      throw new Error(`"${tag}" is longer than the max tag length (${MAX_TAG_LENGTH} characters).`);
    }
    if (!distinct.includes(tag)) distinct.push(tag);
  }
  return distinct;
}

function transferOf(frame: WebSocketFrame): Transferable[] {
  return frame.type === "message" && typeof frame.data !== "string" ? [frame.data] : [];
}
