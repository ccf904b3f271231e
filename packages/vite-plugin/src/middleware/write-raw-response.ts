/** The worker's non-101 answer to an upgrade request, written straight to the socket. */
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { WireResponse } from "@kindling/runtime/protocol";

const framing = new Set(["content-length", "transfer-encoding", "connection"]);

export async function writeRawResponse(socket: Duplex, response: WireResponse): Promise<void> {
  const body = await readAll(response.body);
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText || STATUS_CODES[response.status] || ""}`];
  for (const [name, value] of response.headers) if (!framing.has(name.toLowerCase())) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${body.byteLength}`, "Connection: close", "", "");
  if (socket.destroyed) return;
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]));
}

async function readAll(body: WireResponse["body"]): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0);
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}
