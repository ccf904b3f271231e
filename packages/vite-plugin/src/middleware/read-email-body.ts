import { concatBytes } from "@kindling/runtime/protocol";
import type { IncomingMessage } from "node:http";

/** Email Routing allows 25 MiB; like Miniflare, local development stops at 1 MiB. */
export const EMAIL_SIZE_LIMIT = 1024 * 1024;

/**
 * Past the limit the rest of a body is still read and dropped, up to production's 25 MiB, so the
 * client finishes sending and reads the 413 (closing while it still writes gives it EPIPE, not the
 * answer). A larger body is cut off.
 */
const DISCARD_LIMIT = 25 * 1024 * 1024;

/** The request body as a standalone ArrayBuffer, or "too-large" past `limit` bytes. */
export async function readEmailBody(req: IncomingMessage, limit = EMAIL_SIZE_LIMIT): Promise<ArrayBuffer | "too-large"> {
  if (Number(req.headers["content-length"]) > DISCARD_LIMIT) return "too-large";
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > DISCARD_LIMIT) return "too-large";
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? "too-large" : concatBytes(chunks);
}
