/**
 * Requests Node's HTTP server turns away before any middleware runs get an answer with a reason:
 * an unknown method (TRACK included; Node and Vite would answer a bare 400) and CONNECT (Node
 * would drop the socket). Other parser errors stay Vite's (its clientError handler).
 */
import type { Server } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { refusedMethodMessage } from "./request-target.js";

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

export function answerUnparsedRequests(server: Server | HttpsServer): void {
  // Before Vite's handler, which leaves a socket alone once it is no longer writable.
  server.prependListener("clientError", onClientError);
  if (server.listenerCount("connect") === 0) {
    server.on("connect", (_req, socket: Duplex) =>
      answer(
        socket,
        405,
        "Method Not Allowed",
        "[kindling] CONNECT requests are not passed to the worker: the dev server is not a proxy.",
      ),
    );
  }
}

function onClientError(error: ParserError, socket: Duplex): void {
  if (error.code !== "HPE_INVALID_METHOD" || !socket.writable) return;
  const method = /^[!#$%&'*+.^_`|~\w-]+/.exec(error.rawPacket?.toString("latin1") ?? "")?.[0];
  if (method === "TRACK") {
    return answer(socket, 405, "Method Not Allowed", refusedMethodMessage(method));
  }
  // What Cloudflare answers for a method the Workers runtime does not support ("Error 501"), as workerd does.
  answer(
    socket,
    501,
    "Not Implemented",
    `[kindling] The request method${method ? ` "${method}"` : ""} is not supported by the Workers runtime.`,
  );
}

function answer(socket: Duplex, status: number, reason: string, text: string): void {
  const body = `${text}\n`;
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    "Connection: close",
    "Content-Type: text/plain; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  socket.end(`${head.join("\r\n")}\r\n\r\n${body}`, () => socket.destroy());
}
