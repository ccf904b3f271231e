/** `ctx` of a Durable Object (DurableObjectState). */
import type { WebSocket } from "../../web/web-socket.js";
import type { WebSocketRequestResponsePair } from "../../web/web-socket-request-response-pair.js";
import type { ObjectWebSockets } from "./object-web-sockets.js";
import type { DurableObjectId } from "./id.js";
import type { DurableObjectStorage } from "./storage.js";
import type { DurableObjectFacets } from "./facets.js";

export interface StateHooks {
  waitUntil(promise: Promise<unknown>): void;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
  abort(reason: Error): never;
  exports: Record<string, unknown> | undefined;
  sockets: ObjectWebSockets;
  facets?: DurableObjectFacets;
}

export class DurableObjectState {
  get [Symbol.toStringTag](): string {
    return "DurableObjectState";
  }

  readonly id: DurableObjectId;
  readonly storage: DurableObjectStorage;
  readonly props: unknown = undefined;
  #hooks: StateHooks;

  /** Durable Objects of classes of loaded workers, run beside this one with storage of their own. */
  get facets(): DurableObjectFacets | undefined {
    return this.#hooks.facets;
  }

  /** workerd's `ctx.container`: a Container for a class with `containers` configured; Kindling runs none. */
  get container(): undefined {
    return undefined;
  }

  /** Loopback bindings to the worker's own entrypoints and Durable Object classes. */
  get exports(): Record<string, unknown> | undefined {
    return this.#hooks.exports;
  }

  constructor(id: DurableObjectId, storage: DurableObjectStorage, hooks: StateHooks) {
    this.id = id;
    this.storage = storage;
    this.#hooks = hooks;
  }

  waitUntil(promise: Promise<unknown>): void {
    this.#hooks.waitUntil(Promise.resolve(promise));
  }

  /** Holds every other event of this object until `callback` settles; a rejection resets the object. */
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T> {
    return this.#hooks.blockConcurrencyWhile(callback);
  }

  /** Resets the object: in-flight and queued events fail with `reason`; the next one constructs it anew. */
  abort(reason?: string): never {
    return this.#hooks.abort(new Error(reason === undefined ? "Durable Object was aborted." : String(reason)));
  }

  /** Makes `ws` (one end of a WebSocketPair) hibernatable: its events go to webSocketMessage/Close/Error. */
  acceptWebSocket(ws: WebSocket, tags?: string[]): void {
    this.#hooks.sockets.accept(ws, tags);
  }

  getWebSockets(tag?: string): WebSocket[] {
    return this.#hooks.sockets.get(tag);
  }

  getTags(ws: WebSocket): string[] {
    return this.#hooks.sockets.tagsOf(ws);
  }

  /** Messages equal to `pair.request` are answered with `pair.response` by the host, without waking the object. */
  setWebSocketAutoResponse(pair?: WebSocketRequestResponsePair): void {
    this.#hooks.sockets.setAutoResponse(pair);
  }

  getWebSocketAutoResponse(): WebSocketRequestResponsePair | null {
    return this.#hooks.sockets.getAutoResponse();
  }

  getWebSocketAutoResponseTimestamp(ws: WebSocket): Date | null {
    return this.#hooks.sockets.timestampOf(ws);
  }

  setHibernatableWebSocketEventTimeout(timeoutMs?: number): void {
    this.#hooks.sockets.setEventTimeout(timeoutMs);
  }

  getHibernatableWebSocketEventTimeout(): number | null {
    return this.#hooks.sockets.eventTimeout;
  }
}
