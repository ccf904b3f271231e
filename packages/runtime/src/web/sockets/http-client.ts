/**
 * `internalNewHttpClient(socket)` of `cloudflare:sockets`: once the socket's writes are flushed, its
 * connection carries one HTTP/1.1 request, sent with the returned fetcher's `fetch()` (as workerd's
 * `StreamOutgoingFactory`: a single-use client over the socket's stream). `sendOverConnection` is
 * also how `cloudflare:node` hands a request to a Node HTTP server.
 */
import http from "node:http";
import { Buffer } from "node:buffer";
import { Readable, type Duplex } from "node:stream";
import { Socket } from "./socket.js";
import { wireHeaders } from "../../protocol/wire-headers.js";

const nullBodyStatus = new Set([101, 204, 205, 304]);

export async function internalNewHttpClient(
  socket: Socket,
): Promise<{ fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> }> {
  if (!(socket instanceof Socket))
    throw new TypeError("Failed to execute 'internalNewHttpClient': parameter 1 is not of type 'Socket'.");
  const connection = await Socket.takeConnection(socket);
  let used = false;
  return {
    fetch(input, init) {
      if (used) return Promise.reject(new Error("Fetcher created from internalNewHttpClient can only be used once"));
      used = true;
      return sendOverConnection(connection, new Request(input, init));
    },
  };
}

/** One HTTP/1.1 exchange of `request` over `connection` (Node's HTTP client parses the answer). */
export async function sendOverConnection(connection: Duplex, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: [string, string][] = [["host", url.host], ...wireHeaders(request.headers)];
  return new Promise<Response>((resolve, reject) => {
    const outgoing = http.request(
      {
        createConnection: () => connection as never,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: headers.flat(),
      },
      (incoming) => {
        const pairs: [string, string][] = [];
        for (let i = 0; i < incoming.rawHeaders.length; i += 2)
          pairs.push([incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!]);
        const status = incoming.statusCode ?? 200;
        const stream =
          nullBodyStatus.has(status) || request.method === "HEAD" ? null : (Readable.toWeb(incoming) as ReadableStream);
        resolve(new Response(stream, { status, statusText: incoming.statusMessage ?? "", headers: pairs }));
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}
