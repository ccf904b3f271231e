import { concatBytes } from "@kindling/runtime/protocol";
import type { IncomingMessage } from "node:http";

/** Email Routing allows 25 MiB; like Miniflare, local development stops at 1 MiB. */
export const EMAIL_SIZE_LIMIT = 1024 * 1024;

/** The request body as a standalone ArrayBuffer, or "too-large" past `limit` bytes (the rest is not read). */
export async function readEmailBody(req: IncomingMessage, limit = EMAIL_SIZE_LIMIT): Promise<ArrayBuffer | "too-large"> {
  if (Number(req.headers["content-length"]) > limit) return "too-large";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) return "too-large";
    chunks.push(chunk);
  }
  return concatBytes(chunks);
}
