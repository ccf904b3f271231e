/**
 * The host's end of `env.ASSETS.fetch()` (the `assets` host unit): requests from generations go
 * through the dev server's middlewares marked as the binding's, so Vite serves its client files
 * and the asset server the rest, never the worker.
 */
import inject from "light-my-request";
import type { Connect } from "vite";
import type { HeaderPairs, WireRequest, WireResponse } from "@kindling/runtime/protocol";
import { markAssetsBindingRequest } from "../middleware/assets-binding-request.js";

export class AssetsBindingHost {
  #middlewares: Connect.Server;

  constructor(middlewares: Connect.Server) {
    this.#middlewares = middlewares;
  }

  /** The host unit generations call for `env.ASSETS.fetch()`. */
  async fetch(request: WireRequest): Promise<WireResponse> {
    const body = await readWireBody(request.body);
    const response = await inject(
      (req, res) => {
        markAssetsBindingRequest(req, request.url);
        this.#middlewares(req, res);
      },
      {
        method: request.method as "GET",
        url: pathAndQuery(request.url),
        headers: { ...Object.fromEntries(request.headers), host: "localhost" },
        ...(body ? { payload: Buffer.from(body) } : {}),
      },
    );
    const headers: HeaderPairs = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined || name === "transfer-encoding" || name === "connection" || name === "keep-alive") continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.push([name, String(item)]);
    }
    const raw = response.rawPayload;
    const out = raw.byteLength === 0 ? null : new Uint8Array(raw).buffer;
    return { status: response.statusCode, statusText: response.statusMessage, headers, body: out };
  }
}

async function readWireBody(body: WireRequest["body"]): Promise<ArrayBuffer | null> {
  if (body === null) return null;
  if (typeof body === "string") return new TextEncoder().encode(body).buffer as ArrayBuffer;
  if (body instanceof ArrayBuffer) return body;
  return new Response(body).arrayBuffer();
}

function pathAndQuery(url: string): string {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}
