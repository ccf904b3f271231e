/** `ctx` of a Durable Object (DurableObjectState). */
import { notImplemented } from "../../shared/not-implemented.js";
import type { DurableObjectId } from "./id.js";
import type { DurableObjectStorage } from "./storage.js";

export interface StateHooks {
  waitUntil(promise: Promise<unknown>): void;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
  abort(reason: Error): never;
}

export class DurableObjectState {
  readonly id: DurableObjectId;
  readonly storage: DurableObjectStorage;
  readonly props: unknown = undefined;
  #hooks: StateHooks;

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

  acceptWebSocket(): void {
    notImplemented("DurableObjectState.acceptWebSocket");
  }

  getWebSockets(): never {
    return notImplemented("DurableObjectState.getWebSockets");
  }

  getTags(): never {
    return notImplemented("DurableObjectState.getTags");
  }

  setWebSocketAutoResponse(): void {
    notImplemented("DurableObjectState.setWebSocketAutoResponse");
  }

  getWebSocketAutoResponse(): null {
    return null;
  }

  getWebSocketAutoResponseTimestamp(): never {
    return notImplemented("DurableObjectState.getWebSocketAutoResponseTimestamp");
  }

  setHibernatableWebSocketEventTimeout(): void {
    notImplemented("DurableObjectState.setHibernatableWebSocketEventTimeout");
  }

  getHibernatableWebSocketEventTimeout(): null {
    return null;
  }
}
