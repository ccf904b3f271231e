/**
 * The host's end of `env.ASSETS.fetch()`: requests from generations arrive on the worker's assets
 * channel (see protocol/assets.ts) and go through the dev server's middlewares marked as the
 * binding's, so Vite serves its client files and the asset server the rest, never the worker.
 */
import { BroadcastChannel } from "node:worker_threads";
import inject from "light-my-request";
import type { Connect } from "vite";
import type { AssetRequestMessage, AssetResponseMessage, HeaderPairs } from "@kindling/runtime/protocol";
import { markAssetsBindingRequest } from "../middleware/assets-binding-request.js";

export class AssetsBindingHost {
  #middlewares: Connect.Server;
  #channel: BroadcastChannel | undefined;
  #name: string | undefined;

  constructor(middlewares: Connect.Server) {
    this.#middlewares = middlewares;
  }

  /** Answers on `name` from now on (the channel follows the worker's name and state directory). */
  listen(name: string): void {
    if (name === this.#name) return;
    this.close();
    const channel = new BroadcastChannel(name);
    channel.addEventListener(
      "message",
      (event) => void this.#answer(channel, (event as unknown as { data: AssetRequestMessage }).data),
    );
    channel.unref();
    this.#channel = channel;
    this.#name = name;
  }

  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
    this.#name = undefined;
  }

  async #answer(channel: BroadcastChannel, message: AssetRequestMessage): Promise<void> {
    if (message?.type !== "asset-request") return;
    let reply: AssetResponseMessage;
    try {
      const response = await inject(
        (req, res) => {
          markAssetsBindingRequest(req, message.url);
          this.#middlewares(req, res);
        },
        {
          method: message.method as "GET",
          url: pathAndQuery(message.url),
          headers: { ...Object.fromEntries(message.headers), host: "localhost" },
          ...(message.body ? { payload: Buffer.from(message.body) } : {}),
        },
      );
      const headers: HeaderPairs = [];
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined || name === "transfer-encoding" || name === "connection" || name === "keep-alive") continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.push([name, String(item)]);
      }
      const raw = response.rawPayload;
      const body = raw.byteLength === 0 ? null : new Uint8Array(raw).buffer;
      reply = {
        type: "asset-response",
        id: message.id,
        status: response.statusCode,
        statusText: response.statusMessage,
        headers,
        body,
      };
    } catch (error) {
      reply = {
        type: "asset-response",
        id: message.id,
        error: `[kindling] env.ASSETS.fetch() failed: ${(error as Error).message}`,
      };
    }
    // oxlint-disable-next-line require-post-message-target-origin -- a BroadcastChannel, not a window
    channel.postMessage(reply);
  }
}

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
