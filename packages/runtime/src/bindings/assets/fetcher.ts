/** `env.ASSETS` (`assets.binding`): a Fetcher whose requests the host's asset server answers. */
import { BroadcastChannel } from "node:worker_threads";
import { randomUUID } from "node:crypto";
import type { AssetRequestMessage, AssetResponseMessage } from "../../protocol/assets.js";
import { notImplemented } from "../../shared/not-implemented.js";

type Pending = { resolve(response: Response): void; reject(error: Error): void };

export class Fetcher {
  #channel: BroadcastChannel;
  #pending = new Map<string, Pending>();
  #prefix = randomUUID();
  #next = 0;

  constructor(channelName: string) {
    this.#channel = new BroadcastChannel(channelName);
    this.#channel.unref();
    this.#channel.addEventListener("message", (event) =>
      this.#onMessage((event as unknown as { data: AssetResponseMessage }).data),
    );
  }

  async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const body = request.body === null ? null : await request.arrayBuffer();
    const id = `${this.#prefix}:${this.#next++}`;
    const message: AssetRequestMessage = {
      type: "asset-request",
      id,
      method: request.method,
      url: request.url,
      headers: [...request.headers],
      body,
    };
    const response = new Promise<Response>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    if (this.#pending.size === 1) this.#channel.ref();
    // oxlint-disable-next-line require-post-message-target-origin -- a BroadcastChannel, not a window
    this.#channel.postMessage(message);
    return response;
  }

  connect(): never {
    return notImplemented("Fetcher.connect (on the assets binding)");
  }

  #onMessage(message: AssetResponseMessage): void {
    if (message?.type !== "asset-response") return;
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (this.#pending.size === 0) this.#channel.unref();
    if ("error" in message) {
      pending.reject(new Error(message.error));
      return;
    }
    const nullBody = message.status === 101 || message.status === 204 || message.status === 205 || message.status === 304;
    pending.resolve(
      new Response(nullBody ? null : message.body, {
        status: message.status,
        statusText: message.statusText,
        headers: message.headers,
      }),
    );
  }
}
