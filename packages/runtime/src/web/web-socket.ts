/**
 * workerd's `WebSocket`: one class for both ends of a `WebSocketPair`, for sockets returned by
 * `fetch()` with `Upgrade: websocket`, and for `new WebSocket(url)`. Where a socket's frames go is
 * its "outlet"; frames it receives before `accept()` wait in its inbox, so none are lost.
 */
import type { WebSocketFrame } from "../protocol/messages.js";
import { CloseEvent, ErrorEvent } from "./web-socket-events.js";
import { deserializeAttachment, serializeAttachment } from "./web-socket-attachment.js";
import { currentIoOwner, runOwned, type IoOwner } from "../shared/io-owner.js";

type State = "awaiting-accept" | "connecting" | "accepted" | "released";
type Outlet = (frame: WebSocketFrame) => void;
type Connect = (socket: WebSocket, url: string, protocols: string[]) => void;

/** How a hibernatable socket (`ctx.acceptWebSocket`) is wired: its frames and attachment go to the host. */
export interface HibernationWiring {
  outlet: Outlet;
  onAttachment(bytes: Uint8Array | null): void;
  attachment?: Uint8Array | null;
  closedOutgoing?: boolean;
}

const internal = Symbol("kindling.internal");
let connectOutbound: Connect | undefined;
/** "blob" with the websocket_standard_binary_type compatibility flag (on from 2026-03-17), else "arraybuffer". */
let defaultBinaryType: BinaryType = "arraybuffer";

/** Frames from a peer, dispatched on the next microtask like workerd's I/O. */
export interface WebSocketInternals {
  create(): WebSocket;
  setOutlet(socket: WebSocket, outlet: Outlet): void;
  receive(socket: WebSocket, frame: WebSocketFrame): void;
  /** Sends a frame from this socket to its peer, as if user code had called send()/close(). */
  emit(socket: WebSocket, frame: WebSocketFrame): void;
  /** Hands the socket to the runtime (returned in a 101 response): later frames go to `relay`. */
  release(socket: WebSocket, relay: Outlet): WebSocketFrame[];
  opened(socket: WebSocket, protocol: string, extensions: string): void;
  failed(socket: WebSocket, error: Error): void;
  setConnector(connect: Connect): void;
  /** The `binaryType` of sockets made from now on (set once per generation from its compatibility flags). */
  setDefaultBinaryType(type: BinaryType): void;
  /** "awaiting-accept" (a fresh pair end), "connecting" (new WebSocket()), "accepted" or "released". */
  stateOf(socket: WebSocket): string;
  /** Runs once when the socket is accept()ed (a port-backed socket starts listening then). */
  onAccept(socket: WebSocket, start: () => void): void;
  /** Accepts the socket as hibernatable: no events reach its listeners; the object's handlers get them. */
  hibernate(socket: WebSocket, wiring: HibernationWiring): void;
  isHibernatable(socket: WebSocket): boolean;
  /** The client's Close reached a hibernatable socket (and was answered). */
  closedByPeer(socket: WebSocket): void;
}

/** Runtime-only access to sockets' internals (never reachable from user code). */
// oxlint-disable-next-line import/no-mutable-exports -- assigned once, by the class's static block
export let webSocketInternals: WebSocketInternals;

export class WebSocket extends EventTarget {
  static readonly READY_STATE_CONNECTING = 0;
  static readonly READY_STATE_OPEN = 1;
  static readonly READY_STATE_CLOSING = 2;
  static readonly READY_STATE_CLOSED = 3;
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  #state: State = "awaiting-accept";
  #closedIncoming = false;
  #closedOutgoing = false;
  #inbox: WebSocketFrame[] = [];
  #outlet: Outlet = () => {};
  #relay: Outlet | undefined;
  #url: string | null = null;
  #protocol: string | null = null;
  #extensions: string | null = null;
  #binaryType: BinaryType = defaultBinaryType;
  #attachment: Uint8Array | null = null;
  #onAccept: (() => void) | undefined;
  #hibernation: HibernationWiring | undefined;
  /** The Durable Object that accepted or opened this socket (io-owner.ts): its listeners run as its code. */
  #owner: IoOwner | undefined;
  #disown: (() => void) | undefined;

  constructor(url: string | URL, protocols?: string | string[]) {
    super();
    if ((url as unknown) === internal) return;
    const target = parseUrl(String(url));
    const list = validateProtocols(protocols);
    this.#state = "connecting";
    this.#url = String(url);
    this.#protocol = "";
    this.#extensions = "";
    if (!connectOutbound) throw new Error("[kindling] internal: no WebSocket connector installed.");
    this.#own();
    connectOutbound(this, target, list);
  }

  get readyState(): number {
    if (this.#closedIncoming && this.#closedOutgoing) return WebSocket.CLOSED;
    if (this.#closedIncoming || this.#closedOutgoing) return WebSocket.CLOSING;
    if (this.#state === "connecting") return WebSocket.CONNECTING;
    return WebSocket.OPEN;
  }

  get url(): string | null {
    return this.#url;
  }

  get protocol(): string | null {
    return this.#protocol;
  }

  get extensions(): string | null {
    return this.#extensions;
  }

  /** How binary messages are delivered: as a Blob or an ArrayBuffer. Other values are ignored (a WebIDL enum). */
  get binaryType(): BinaryType {
    return this.#binaryType;
  }

  set binaryType(value: BinaryType) {
    if (value === "blob" || value === "arraybuffer") this.#binaryType = value;
  }

  accept(): void {
    if (this.#state === "connecting") {
      throw new TypeError("Websockets obtained from the 'new WebSocket()' constructor cannot call accept");
    }
    if (this.#state === "released") throw new TypeError("Can't accept() WebSocket that was already used in a response.");
    if (this.#state === "accepted") return;
    this.#state = "accepted";
    this.#own();
    this.#onAccept?.();
    this.#onAccept = undefined;
    const inbox = this.#inbox.splice(0);
    queueMicrotask(() => inbox.forEach((frame) => this.#dispatch(frame)));
  }

  send(message: string | ArrayBuffer | ArrayBufferView): void {
    if (this.#closedOutgoing) throw new TypeError("Can't call WebSocket send() after close().");
    if (this.#state === "released") return;
    this.#assertAccepted();
    const data = typeof message === "string" ? message : copyBytes(message);
    this.#outlet({ type: "message", data });
  }

  close(code?: number, reason?: string): void {
    if (this.#state === "connecting") {
      this.#state = "released";
      this.#outlet({ type: "close", code: 1005, reason: "", wasClean: false });
      this.#disown?.();
      return;
    }
    if (this.#closedOutgoing || this.#state === "released") return;
    this.#assertAccepted();
    if (code !== undefined && !isValidCloseCode(code)) throw new TypeError(`Invalid WebSocket close code: ${code}.`);
    if (reason !== undefined && code === undefined) {
      throw new TypeError("If you specify a WebSocket close reason, you must also specify a code.");
    }
    this.#closedOutgoing = true;
    this.#outlet({ type: "close", code: code ?? 1005, reason: reason ?? "", wasClean: true });
    this.#checkClosed();
  }

  serializeAttachment(value: unknown): void {
    this.#attachment = serializeAttachment(value);
    this.#hibernation?.onAttachment(this.#attachment);
  }

  deserializeAttachment(): unknown {
    return deserializeAttachment(this.#attachment);
  }

  #assertAccepted(): void {
    if (this.#state !== "accepted") {
      throw new TypeError("You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.");
    }
  }

  #receive(frame: WebSocketFrame): void {
    if (this.#relay) return this.#relay(frame);
    if (this.#state !== "accepted") return void this.#inbox.push(frame);
    queueMicrotask(() => this.#dispatch(frame));
  }

  #dispatch(frame: WebSocketFrame): void {
    if (this.#closedIncoming) return;
    if (frame.type === "message") {
      const data = typeof frame.data === "string" || this.#binaryType === "arraybuffer" ? frame.data : new Blob([frame.data]);
      this.#emit(new MessageEvent("message", { data }));
      return;
    }
    this.#closedIncoming = true;
    // workerd's web_socket_auto_reply_to_close: a received Close is answered with the same code.
    if (!this.#closedOutgoing && frame.wasClean) {
      this.#closedOutgoing = true;
      this.#outlet({ type: "close", code: frame.code, reason: frame.reason, wasClean: true });
    }
    this.#closedOutgoing = true;
    this.#checkClosed();
    this.#emit(new CloseEvent("close", frame));
  }

  /** Listeners run as the owner's code, and never once the owner is gone. */
  #emit(event: Event): void {
    runOwned(this.#owner, () => this.dispatchEvent(event));
  }

  /** Accepted or opened while a Durable Object's code runs: the socket keeps that object alive until closed. */
  #own(): void {
    const owner = currentIoOwner();
    if (!owner || this.#owner) return;
    this.#owner = owner;
    const release = owner.hold("socket");
    const drop = owner.adopt(() => this.#abandon());
    this.#disown = () => {
      this.#disown = undefined;
      release();
      drop();
    };
  }

  #checkClosed(): void {
    if (this.#closedIncoming && this.#closedOutgoing) this.#disown?.();
  }

  /** The owner was released with this socket open: the peer gets a Close, the owner's listeners nothing more. */
  #abandon(): void {
    this.#disown = undefined;
    this.#closedIncoming = true;
    if (this.#closedOutgoing) return;
    this.#closedOutgoing = true;
    this.#outlet({ type: "close", code: 1012, reason: "Service Restart", wasClean: true });
  }

  static {
    const internals: WebSocketInternals = {
      create: () => new WebSocket(internal as unknown as string),
      setOutlet: (socket, outlet) => void (socket.#outlet = outlet),
      receive: (socket, frame) => socket.#receive(frame),
      emit: (socket, frame) => socket.#outlet(frame),
      release(socket, relay) {
        if (socket.#state === "connecting") {
          throw new TypeError("Can't return WebSocket in a Response if it was created with `new WebSocket()`");
        }
        if (socket.#state === "released") throw new TypeError("Can't return WebSocket that was already used in a response.");
        if (socket.#state === "accepted") throw new TypeError("Can't return WebSocket in a Response after calling accept().");
        socket.#state = "released";
        socket.#relay = relay;
        return socket.#inbox.splice(0);
      },
      opened(socket, protocol, extensions) {
        socket.#protocol = protocol;
        socket.#extensions = extensions;
        if (socket.#state !== "connecting") return;
        socket.#state = "accepted";
        socket.#emit(new Event("open"));
        socket.#inbox.splice(0).forEach((frame) => socket.#dispatch(frame));
      },
      failed(socket, error) {
        if (socket.#closedIncoming && socket.#closedOutgoing) return;
        socket.#state = "released";
        socket.#closedIncoming = socket.#closedOutgoing = true;
        socket.#disown?.();
        socket.#emit(new ErrorEvent("error", { error, message: error.message }));
        socket.#emit(
          new CloseEvent("close", { code: 1006, reason: "Failed to establish websocket connection", wasClean: false }),
        );
      },
      setConnector: (connect) => void (connectOutbound = connect),
      setDefaultBinaryType: (type) => void (defaultBinaryType = type),
      stateOf: (socket) => socket.#state,
      onAccept: (socket, start) => void (socket.#onAccept = start),
      hibernate(socket, wiring) {
        socket.#state = "accepted";
        socket.#hibernation = wiring;
        socket.#outlet = wiring.outlet;
        socket.#inbox = [];
        socket.#closedOutgoing = wiring.closedOutgoing ?? false;
        if (wiring.attachment !== undefined) socket.#attachment = wiring.attachment;
        else if (socket.#attachment !== null) wiring.onAttachment(socket.#attachment);
      },
      isHibernatable: (socket) => socket.#hibernation !== undefined,
      closedByPeer(socket) {
        socket.#closedIncoming = true;
        socket.#closedOutgoing = true;
      },
    };
    webSocketInternals = internals;
  }
}

function isValidCloseCode(code: number): boolean {
  return Number.isInteger(code) && code >= 1000 && code < 5000 && ![1004, 1005, 1006, 1015].includes(code);
}

function copyBytes(message: ArrayBuffer | ArrayBufferView): ArrayBuffer {
  const view = ArrayBuffer.isView(message)
    ? new Uint8Array(message.buffer, message.byteOffset, message.byteLength)
    : new Uint8Array(message);
  return view.slice().buffer;
}

function parseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DOMException("WebSocket Constructor: The url is invalid.", "SyntaxError");
  }
  if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") {
    throw new DOMException("WebSocket Constructor: The url scheme must be ws or wss.", "SyntaxError");
  }
  if (parsed.hash) throw new DOMException("WebSocket Constructor: The url fragment must be empty.", "SyntaxError");
  return parsed.href;
}

function validateProtocols(protocols: string | string[] | undefined): string[] {
  if (protocols === undefined) return [];
  const list = typeof protocols === "string" ? [protocols] : [...protocols];
  if (Array.isArray(protocols) && list.length === 0) {
    throw new DOMException("WebSocket Constructor: The protocols array cannot be empty.", "SyntaxError");
  }
  if (new Set(list).size !== list.length) {
    throw new DOMException("WebSocket Constructor: The protocols header cannot have repeating values.", "SyntaxError");
  }
  for (const protocol of list) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(protocol)) {
      throw new DOMException("WebSocket Constructor: The protocol header token is invalid.", "SyntaxError");
    }
  }
  return list;
}
