/** Writes a `Response` made on the host (the asset server's) to Node's ServerResponse. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HeaderPairs } from "@kindling/runtime/protocol";
import type { RoutedRequest } from "../assets/asset-server.js";
import { writeWireResponse } from "./wire-http.js";

export async function sendFetchResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  const headers: HeaderPairs = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  const body = response.body === null ? null : await response.arrayBuffer();
  await writeWireResponse(req, res, { status: response.status, statusText: response.statusText, headers, body });
}

/** The Fetch Request of a Node request, for the asset server (which reads only the method, URL and headers). */
export function toFetchRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (name[0] !== ":") headers.append(name, req.rawHeaders[i + 1]!);
  }
  return new Request(url, { method: req.method ?? "GET", headers });
}

/** What the asset server's routing reads of a Node request, without building a `Request` (most go to the worker). */
export function toRoutedRequest(req: IncomingMessage, url: string): RoutedRequest {
  return {
    url,
    method: req.method ?? "GET",
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}
