/**
 * The wire between two Kindling dev servers on one machine (registry-server.ts answers,
 * remote-worker.ts calls). RPC operations cross as one POST each (`/rpc`, structured clone via
 * v8 serialization), the streams in their arguments and results as POSTs of their own
 * (`/stream/<id>` up, `/pull/<id>` down: remote-streams.ts); a fetch crosses as a POST to `/fetch` whose body is the request's body, streamed
 * both ways, with the request's method, URL and headers (and the response's status and headers)
 * in one header; a WebSocket upgrade through a service binding is a real WebSocket to `/fetch`.
 */
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { HeaderPairs, RpcAddress } from "@kindling/runtime/protocol";

export const TOKEN_HEADER = "x-kindling-token";
export const META_HEADER = "x-kindling-call";
/** Headers carry a whole request's headers (cookies included): well above Node's 16 KiB default. */
export const MAX_HEADER_SIZE = 1024 * 1024;

/** What `/fetch` receives with the request body. */
export interface FetchMeta {
  address: RpcAddress;
  method: string;
  url: string;
  headers: HeaderPairs;
  /** Whether the POST's body is the request's body (false: the request has none). */
  body: boolean;
}

/** What `/fetch` answers: the response (its body is the POST's response body), or an error outcome (v8-serialized body). */
export type FetchAnswerMeta =
  | { outcome: "response"; status: number; statusText: string; headers: HeaderPairs; body: boolean }
  | { outcome: "error" };

export function encodeMeta(meta: FetchMeta | FetchAnswerMeta): string {
  return Buffer.from(JSON.stringify(meta)).toString("base64url");
}

export function decodeMeta<T extends FetchMeta | FetchAnswerMeta>(value: string | string[] | undefined): T {
  if (typeof value !== "string")
    throw new Error(`[kindling] A call between dev servers came without its "${META_HEADER}" header.`);
  return JSON.parse(Buffer.from(value, "base64url").toString()) as T;
}

/**
 * Why a call from another process is refused, if it is: it must come over loopback, with the
 * token this server published in the registry, and not from a web page (the same rule as the
 * /cdn-cgi triggers).
 */
export function refusal(req: IncomingMessage, token: string): string | undefined {
  const remote = req.socket.remoteAddress ?? "";
  if (!isLoopback(remote)) return `only this machine's dev servers may call it, not ${remote}`;
  if (req.headers.origin || req.headers["sec-fetch-site"]) return "web pages may not call it";
  const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ""));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return "the token is missing or wrong";
  return undefined;
}

function isLoopback(address: string): boolean {
  return address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.");
}

export async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Node's header object as pairs (repeated headers, e.g. Set-Cookie, stay separate). */
export function headerPairs(rawHeaders: readonly string[], skip: ReadonlySet<string> = new Set()): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (!skip.has(rawHeaders[i]!.toLowerCase())) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  }
  return pairs;
}
