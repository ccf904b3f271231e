/**
 * Calls to a worker that another Kindling dev server on this machine runs, found in the dev
 * registry: RPC operations, fetches (streamed both ways) and WebSocket upgrades, over loopback
 * (see tunnel.ts). A server that stopped is "not found" until it is back.
 */
import crypto from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import { Readable, pipeline } from "node:stream";
import v8 from "node:v8";
import { MessageChannel } from "node:worker_threads";
import { WebSocket } from "ws";
import {
  encodeFailure,
  toWireBody,
  type RpcAddress,
  type RpcOperation,
  type RpcOutcome,
  type WireRequest,
} from "@kindling/runtime/protocol";
import { bridgeWebSocket } from "../middleware/bridge-websocket.js";
import type { RegistryEntry } from "./dev-registry.js";
import {
  MAX_HEADER_SIZE,
  META_HEADER,
  TOKEN_HEADER,
  decodeMeta,
  encodeMeta,
  headerPairs,
  readAll,
  type FetchAnswerMeta,
  type FetchMeta,
} from "./tunnel.js";
import { STREAMS_HEADER, lateStream, streamIds } from "./remote-streams.js";
import { deserializeWithStreams, serializeWithStreams } from "./stream-serializer.js";

/** Headers of a 101 that belong to the handshake between the two servers, not to the worker's answer. */
const handshakeHeaders = new Set(["connection", "upgrade", "sec-websocket-accept", "sec-websocket-extensions"]);

export class RemoteWorker {
  // Idle connections are dropped before the other server's keep-alive timeout (Node's 5 s) drops them,
  // so that a call never goes out on a connection the other end is closing.
  #agent = new http.Agent({ keepAlive: true, timeout: 4_000 });

  /** Sends one operation to `entry`'s dev server; a refused connection (it stopped) resolves to undefined. */
  async call(entry: RegistryEntry, address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome | undefined> {
    try {
      if (operation.op !== "fetch") return await this.#rpc(entry, address, operation);
      if (isWebSocketUpgrade(operation.request)) return await this.#webSocket(entry, address, operation.request);
      return await this.#fetch(entry, address, operation.request);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return undefined;
      const message =
        `[kindling] The call to worker "${address.worker}" failed: the dev server that runs it (${entry.url}, ` +
        `process ${entry.pid}) did not answer it: ${(error as Error).message}`;
      return { ok: false, error: encodeFailure(new Error(message, { cause: error })) };
    }
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One operation as a POST to `/rpc`; its streams go up as POSTs of their own, its result's are pulled (remote-streams.ts). */
  async #rpc(entry: RegistryEntry, address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome> {
    let call: { bytes: Buffer; streams: ReadableStream[] };
    try {
      call = serializeWithStreams({ address, operation });
    } catch (error) {
      return { ok: false, error: encodeFailure(error) };
    }
    const ids = call.streams.map(() => crypto.randomUUID());
    call.streams.forEach((stream, index) => this.#upload(entry, ids[index]!, stream));
    const res = await this.#post(entry, "/rpc", { [STREAMS_HEADER]: ids.join(",") }, call.bytes);
    const data = await readAll(res);
    if (res.statusCode !== 200) throw new Error(`it answered ${res.statusCode}: ${data.toString()}`);
    const results = streamIds(res.headers[STREAMS_HEADER]);
    return deserializeWithStreams(data, (index) => lateStream(this.#pull(entry, results[index]!))) as RpcOutcome;
  }

  /** An argument's stream, as the body of its own request (the other server hands it to the call that names it). */
  #upload(entry: RegistryEntry, id: string, stream: ReadableStream): void {
    this.#post(entry, `/stream/${id}`, {}, stream as ReadableStream<Uint8Array>).then(
      (res) => res.resume(),
      () => void stream.cancel().catch(() => {}),
    );
  }

  /** A result's stream, read from the other server as the body of a response. */
  async #pull(entry: RegistryEntry, id: string): Promise<Readable> {
    const res = await this.#post(entry, `/pull/${id}`, {}, null);
    if (res.statusCode !== 200) {
      const answer = (await readAll(res)).toString();
      throw new Error(`[kindling] The dev server at ${entry.url} no longer holds this RPC result's stream: ${answer}`);
    }
    return res;
  }

  async #fetch(entry: RegistryEntry, address: RpcAddress, request: WireRequest): Promise<RpcOutcome> {
    const { method, url, headers, body } = request;
    const meta: FetchMeta = { address, method, url, headers, body: body !== null };
    const res = await this.#post(entry, "/fetch", { [META_HEADER]: encodeMeta(meta) }, body);
    return answerOf(res);
  }

  /** Opens a request; resolves with the response as soon as its head arrives (the body may still be streaming up). */
  #post(entry: RegistryEntry, path: string, headers: Record<string, string>, body: WireRequest["body"] | Buffer) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = http.request(`${entry.url}${path}`, {
        method: "POST",
        agent: this.#agent,
        maxHeaderSize: MAX_HEADER_SIZE,
        headers: { ...headers, [TOKEN_HEADER]: entry.token },
      });
      req.once("response", resolve).once("error", reject);
      if (body === null) req.end();
      else if (typeof body === "string" || Buffer.isBuffer(body)) req.end(body);
      else if (body instanceof ArrayBuffer) req.end(Buffer.from(body));
      else
        // pipeline: the request's end ends the stream's read, a dropped connection cancels the stream.
        pipeline(Readable.fromWeb(body as import("node:stream/web").ReadableStream), req, () => {});
    });
  }

  #webSocket(entry: RegistryEntry, address: RpcAddress, request: WireRequest): Promise<RpcOutcome> {
    const meta: FetchMeta = { address, method: request.method, url: request.url, headers: request.headers, body: false };
    const offered = request.headers.find(([name]) => name.toLowerCase() === "sec-websocket-protocol")?.[1];
    const protocols = offered
      ? offered
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${entry.url.replace(/^http/, "ws")}/fetch`, protocols, {
        headers: { [META_HEADER]: encodeMeta(meta), [TOKEN_HEADER]: entry.token },
        perMessageDeflate: false,
        maxPayload: 32 * 1024 * 1024,
      });
      let headers: [string, string][] = [];
      ws.once("upgrade", (res) => (headers = headerPairs(res.rawHeaders, handshakeHeaders)));
      ws.once("open", () => {
        const { port1, port2 } = new MessageChannel();
        bridgeWebSocket(ws, port1, undefined);
        resolve({
          ok: true,
          response: { status: 101, statusText: "Switching Protocols", headers, body: null, webSocket: port2 },
        });
      });
      // The worker answered the upgrade with a plain response.
      ws.once("unexpected-response", (_req, res) => void answerOf(res).then(resolve, reject));
      ws.once("error", reject);
    });
  }
}

async function answerOf(res: IncomingMessage): Promise<RpcOutcome> {
  if (res.statusCode !== 200) throw new Error(`it answered ${res.statusCode}: ${(await readAll(res)).toString()}`);
  const meta = decodeMeta<FetchAnswerMeta>(res.headers[META_HEADER]);
  if (meta.outcome === "error") return v8.deserialize(await readAll(res)) as RpcOutcome;
  const { status, statusText, headers } = meta;
  // Auto mode, as between threads: a body that arrives at once crosses to the generation as one buffer.
  const body = meta.body ? await toWireBody(Readable.toWeb(res) as ReadableStream<Uint8Array>) : (res.resume(), null);
  return { ok: true, response: { status, statusText, headers, body } };
}

function isWebSocketUpgrade(request: WireRequest): boolean {
  return request.headers.some(([name, value]) => name.toLowerCase() === "upgrade" && value.toLowerCase() === "websocket");
}
