/**
 * This dev server's endpoint for the other Kindling dev servers on the machine: it listens on
 * loopback only (never on Vite's host or port), and answers the calls their workers make to this
 * server's workers (see tunnel.ts for the wire, dev-registry.ts for how they find it).
 */
import crypto from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import v8 from "node:v8";
import type { MessagePort } from "node:worker_threads";
import { WebSocketServer } from "ws";
import {
  encodeFailure,
  type RpcAddress,
  type RpcOperation,
  type RpcOutcome,
  type WireResponse,
} from "@kindling/runtime/protocol";
import { bridgeWebSocket } from "../middleware/bridge-websocket.js";
import { streamRequestBody } from "../middleware/request-body.js";
import { writeRawResponse } from "../middleware/write-raw-response.js";
import { writeWireResponse } from "../middleware/wire-http.js";
import {
  MAX_HEADER_SIZE,
  META_HEADER,
  decodeMeta,
  encodeMeta,
  readAll,
  refusal,
  type FetchAnswerMeta,
  type FetchMeta,
} from "./tunnel.js";
import { RemoteStreams, STREAMS_HEADER, streamIds } from "./remote-streams.js";
import { deserializeWithStreams, serializeWithStreams } from "./stream-serializer.js";

export type LocalCall = (address: RpcAddress, operation: RpcOperation) => Promise<RpcOutcome>;

/** Headers of the worker's 101 that the handshake itself owns. */
const handshakeHeaders = new Set(["connection", "upgrade", "sec-websocket-accept", "sec-websocket-extensions"]);

export class RegistryServer {
  readonly token = crypto.randomBytes(32).toString("hex");
  #call: LocalCall;
  #server: http.Server;
  #wss: WebSocketServer;
  #upgrades = new WeakMap<IncomingMessage, { protocol: string | undefined; headers: string[] }>();
  #streams = new RemoteStreams();

  /** `call` runs an operation on one of this dev server's workers. */
  constructor(call: LocalCall) {
    this.#call = call;
    this.#server = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, (req, res) => void this.#handle(req, res));
    this.#server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.#upgrade(req, socket, head));
    this.#wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: 32 * 1024 * 1024,
      handleProtocols: (_offered, req) => this.#upgrades.get(req)?.protocol ?? false,
    });
    this.#wss.on("headers", (headers, req) => headers.push(...(this.#upgrades.get(req)?.headers ?? [])));
  }

  /** Listens on a free loopback port; resolves with the URL the registry publishes. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#server.once("error", reject);
      this.#server.listen(0, "127.0.0.1", () => {
        const address = this.#server.address() as { port: number };
        resolve(`http://127.0.0.1:${address.port}`);
      });
    });
  }

  close(): Promise<void> {
    this.#streams.close();
    this.#server.closeAllConnections();
    for (const client of this.#wss.clients) client.terminate();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req, this.token);
    if (refused) return text(res, 403, `[kindling] This endpoint is for Kindling dev servers on this machine: ${refused}.`);
    if (req.method !== "POST") return text(res, 405, "[kindling] Use POST.");
    try {
      if (req.url === "/rpc") return await this.#rpc(req, res);
      const [, route, id] = /^\/(stream|pull)\/([\w-]+)$/.exec(req.url ?? "") ?? [];
      if (route === "stream") return this.#streams.receive(id!, req, res);
      if (route === "pull" && this.#streams.serve(id!, res)) return;
      if (req.url === "/fetch") {
        const meta = decodeMeta<FetchMeta>(req.headers[META_HEADER]);
        const { stream, discard } = streamRequestBody(req);
        const request = { method: meta.method, url: meta.url, headers: meta.headers, body: meta.body ? stream : null };
        if (!meta.body) discard();
        const outcome = await this.#call(meta.address, { op: "fetch", request });
        return await writeOutcome(req, res, outcome);
      }
      text(res, 404, `[kindling] No such endpoint: ${req.url}.`);
    } catch (error) {
      text(res, 500, `[kindling] internal: ${(error as Error).stack ?? String(error)}`);
    }
  }

  /** One RPC operation; the streams in it and in its outcome cross as HTTP bodies of their own (remote-streams.ts). */
  async #rpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ids = streamIds(req.headers[STREAMS_HEADER]);
    const body = await readAll(req);
    const { address, operation } = deserializeWithStreams(body, (index) => this.#streams.claim(ids[index]!)) as {
      address: RpcAddress;
      operation: RpcOperation;
    };
    let outcome = await this.#call(address, operation);
    let answer: { bytes: Buffer; streams: ReadableStream[] };
    try {
      answer = serializeWithStreams(outcome);
    } catch (error) {
      outcome = { ok: false, error: encodeFailure(error) };
      answer = { bytes: v8.serialize(outcome), streams: [] };
    }
    res.setHeader("content-type", "application/octet-stream");
    res.setHeader(STREAMS_HEADER, answer.streams.map((stream) => this.#streams.offer(stream)).join(","));
    res.end(answer.bytes);
  }

  /** A WebSocket upgrade through a service binding: the worker's 101 is accepted here and bridged to the caller. */
  async #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => {});
    const fail = (status: number, message: string) =>
      writeRawResponse(socket, { status, statusText: "", headers: [["content-type", "text/plain"]], body: message });
    const refused = refusal(req, this.token);
    if (refused) return fail(403, `[kindling] This endpoint is for Kindling dev servers on this machine: ${refused}.`);
    let outcome: RpcOutcome;
    try {
      const meta = decodeMeta<FetchMeta>(req.headers[META_HEADER]);
      const request = { method: meta.method, url: meta.url, headers: meta.headers, body: null };
      outcome = await this.#call(meta.address, { op: "fetch", request });
    } catch (error) {
      return fail(500, `[kindling] internal: ${(error as Error).stack ?? String(error)}`);
    }
    const port = outcome.ok && "response" in outcome ? (outcome.response.webSocket as MessagePort | undefined) : undefined;
    if (!port || !("response" in outcome) || outcome.response.status !== 101)
      return writeRawResponse(socket, await answer(outcome));
    this.#upgrades.set(req, toUpgrade(outcome.response));
    if (socket.destroyed) return void port.close();
    this.#wss.handleUpgrade(req, socket, head, (ws) => bridgeWebSocket(ws, port, undefined));
  }
}

/** An outcome as `/fetch` answers it: the response with its body, or the error outcome serialized. */
async function writeOutcome(req: IncomingMessage, res: ServerResponse, outcome: RpcOutcome): Promise<void> {
  await writeWireResponse(req, res, await answer(outcome));
}

async function answer(outcome: RpcOutcome): Promise<WireResponse> {
  if (outcome.ok && "response" in outcome && !outcome.response.webSocket) {
    const { status, statusText, headers, body } = outcome.response;
    const meta: FetchAnswerMeta = { outcome: "response", status, statusText, headers, body: body !== null };
    return { status: 200, statusText: "OK", headers: [[META_HEADER, encodeMeta(meta)]], body };
  }
  if (outcome.ok && "response" in outcome) {
    // A 101 to a request that was not an upgrade here: nobody can take its socket.
    (outcome.response.webSocket as MessagePort).close();
    outcome = {
      ok: false,
      error: encodeFailure(new Error("[kindling] internal: a WebSocket answered a request that was not an upgrade.")),
    };
  }
  const bytes = v8.serialize(outcome);
  const body = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { status: 200, statusText: "OK", headers: [[META_HEADER, encodeMeta({ outcome: "error" })]], body };
}

function toUpgrade(response: WireResponse): { protocol: string | undefined; headers: string[] } {
  let protocol: string | undefined;
  const headers: string[] = [];
  for (const [name, value] of response.headers) {
    const key = name.toLowerCase();
    if (key === "sec-websocket-protocol") protocol = value;
    else if (!handshakeHeaders.has(key) && key !== "content-length" && key !== "transfer-encoding")
      headers.push(`${name}: ${value}`);
  }
  return { protocol, headers };
}

function text(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(message);
}
