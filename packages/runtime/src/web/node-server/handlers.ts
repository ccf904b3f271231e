/**
 * `cloudflare:node`: Node-style servers as a Worker's handlers. `httpServerHandler(port | { port }
 * | server)` is an exported handler whose `fetch` is `handleAsNodeRequest(port, request)`: the
 * request goes, as HTTP/1.1 over an in-memory connection, to the `node:http` server listening on
 * that port in this worker. `connectHandler` / `handleAsNodeConnection` do the same for a
 * `node:net` server and an incoming socket.
 */
import net from "node:net";
import { Readable, Writable } from "node:stream";
import { duplexPair } from "./duplex-pair.js";
import { connectToServer, installServerRegistry, registerServer } from "./servers.js";
import { sendOverConnection } from "../sockets/http-client.js";

installServerRegistry();

type ServerTarget = number | { port: number } | net.Server;

let nextPort = 1;

/** The port a handler option names; a server given directly is registered under a port of its own. */
function portOf(target: ServerTarget, api: string): number {
  if (target instanceof net.Server) {
    const address = target.address();
    if (address && typeof address === "object") return address.port;
    const port = 2 ** 16 + nextPort++;
    registerServer(port, target);
    return port;
  }
  const port = typeof target === "number" ? target : Number((target as { port?: unknown } | undefined)?.port);
  if (!Number.isInteger(port) || port < 0) {
    throw new TypeError(`${api} expects a port number, { port }, or a node:http server.`);
  }
  return port;
}

export function handleAsNodeRequest(port: number, request: Request): Promise<Response> {
  const [client, server] = duplexPair();
  connectToServer(port, server);
  return sendOverConnection(client, request);
}

export function httpServerHandler(target: ServerTarget): { fetch(request: Request): Promise<Response> } {
  const port = portOf(target, "httpServerHandler");
  return { fetch: (request: Request) => handleAsNodeRequest(port, request) };
}

/** An incoming socket (its `readable`/`writable`) handed to the `node:net` server on `port`. */
export function handleAsNodeConnection(
  port: number,
  socket: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> },
): Promise<void> {
  const [client, server] = duplexPair();
  connectToServer(port, server);
  const inbound = Readable.fromWeb(socket.readable as never).pipe(client);
  const outbound = client.pipe(Writable.fromWeb(socket.writable as never));
  return new Promise((resolve, reject) => {
    inbound.on("error", reject);
    outbound.on("error", reject).on("finish", resolve);
  });
}

export function connectHandler(target: ServerTarget): {
  connect(socket: Parameters<typeof handleAsNodeConnection>[1]): Promise<void>;
} {
  const port = portOf(target, "connectHandler");
  return { connect: (socket) => handleAsNodeConnection(port, socket) };
}
