import type { IncomingMessage } from "node:http";
import { ExplorerInputError } from "@kindling/runtime/explorer";

/** Uploads through the explorer: at most R2's single-part limit would be too much for a page; 100 MiB. */
const bodyLimit = 100 * 2 ** 20;

/** The whole body of an explorer request (an upload, an edited value). */
export async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > bodyLimit)
      throw new ExplorerInputError(`[kindling] The explorer accepts bodies up to 100 MiB; this one is larger.`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
