/**
 * What a worker's `fetch()` puts on the wire, as workerd sends it (checked against the oracle's
 * loopback echo, conformance/golden/web.json): none of the headers undici's fetch adds by default
 * (accept, accept-language, sec-fetch-mode, user-agent, accept-encoding) unless the worker set
 * them, no `connection` header, and `content-length: 0` on a body-less request whose method is
 * not GET or HEAD (undici sends it for POST/PUT/PATCH only). Node's own fetch and Agent (undici,
 * bundled in Node) do the rest: redirects, streaming, abort signals, connection reuse.
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import tls from "node:tls";
import { traceStandIn } from "./fetch-leniency.js";

/** The part of undici's dispatch options this file reads or changes. */
interface DispatchOptions {
  method: string;
  headers?: Record<string, string | string[]> | null;
}

export interface Dispatcher {
  dispatch(options: DispatchOptions, handler: object): boolean;
}

/** Headers undici's fetch adds when the request has none of its own. */
const undiciDefaults = ["accept", "accept-language", "sec-fetch-mode", "user-agent", "accept-encoding"];

type Connect = (
  options: { hostname: string; protocol: string; port: string; servername?: string | null; localAddress?: string | null },
  callback: (error: Error | null, socket: net.Socket | null) => void,
) => net.Socket;

/**
 * Node's undici Agent class: Node exposes it only as the class of its global dispatcher. undici 7
 * (Node 24) also keeps it under `.2`; undici 8 (Node 26) keeps only a wrapper for the old handler
 * API under `.1` (its Dispatcher1Wrapper, which takes a dispatcher, not options) and the Agent under `.2`.
 */
function nodeAgentClass(nodeFetch: typeof fetch): new (options: { connect: Connect }) => Dispatcher {
  const g = globalThis as Record<symbol, unknown>;
  const current = Symbol.for("undici.globalDispatcher.2");
  const legacy = Symbol.for("undici.globalDispatcher.1");
  // fetch() installs the global dispatcher synchronously on its first call.
  if (g[current] === undefined && g[legacy] === undefined) nodeFetch("data:,").catch(() => {});
  const agent = (g[current] ?? g[legacy]) as { constructor: new (options: { connect: Connect }) => Dispatcher };
  return agent.constructor;
}

/**
 * Removes the `connection` line undici writes after `host`, and gives a body-less request whose
 * method expects none by default a `content-length: 0`, in the request head undici writes (one
 * latin1 string per request, the head ending the write when there is no body).
 */
export function rewriteRequestHead(head: string): string {
  const lineEnd = head.indexOf("\r\n");
  if (lineEnd < 0 || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+ \S+ HTTP\/1\.1$/.test(head.slice(0, lineEnd))) return head;
  let rewritten = head.replace(/\r\nconnection: (keep-alive|close)\r\n/, "\r\n");
  const method = head.slice(0, head.indexOf(" "));
  if (
    method !== "GET" &&
    method !== "HEAD" &&
    rewritten.endsWith("\r\n\r\n") &&
    !/\r\n(content-length|transfer-encoding|upgrade):/i.test(rewritten)
  )
    rewritten = `${rewritten.slice(0, -2)}content-length: 0\r\n\r\n`;
  return rewritten;
}

/** A socket whose request heads are rewritten (rewriteRequestHead) as undici writes them. */
function rewritingHeads(socket: net.Socket): net.Socket {
  const write = socket.write;
  socket.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]): boolean {
    const head = typeof chunk === "string" && rest[0] === "latin1" ? rewriteRequestHead(chunk) : chunk;
    return Reflect.apply(write, this, [head, ...rest]) as boolean;
  } as typeof socket.write;
  return socket;
}

/** undici's connector, reduced to what an outbound fetch needs: TCP, or TLS with SNI and HTTP/1.1 ALPN. */
const connect: Connect = ({ hostname, protocol, port, servername, localAddress }, callback) => {
  const host = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const secure = protocol === "https:";
  const options = { host, port: Number(port) || (secure ? 443 : 80), ...(localAddress ? { localAddress } : {}) };
  const socket = secure
    ? tls.connect({ ...options, servername: servername ?? (net.isIP(host) ? undefined : host), ALPNProtocols: ["http/1.1"] })
    : net.connect(options);
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 60_000);
  const failed = (error: Error) => callback(error, null);
  socket.once("error", failed);
  socket.once(secure ? "secureConnect" : "connect", () => {
    socket.off("error", failed);
    callback(null, socket);
  });
  return rewritingHeads(socket);
};

/** The name `content-encoding` travels under through undici's fetch when the body stays encoded. */
export const encodedContentEncoding = "x-kindling-content-encoding";

type OnHeaders = (status: number, raw: Buffer[], ...rest: unknown[]) => unknown;
type OnResponseStart = (
  controller: { rawHeaders?: unknown } | null,
  status: number,
  headers: unknown,
  ...rest: unknown[]
) => unknown;
/** The two ways undici's fetch takes a response head. */
type HeadHandlers = { onHeaders?: OnHeaders; onResponseStart?: OnResponseStart };

/**
 * undici's fetch decodes a body whose `content-encoding` it knows; workerd's `node:http` client asks
 * for the bytes as they came (`encodeResponseBody: "manual"`). The response head fetch reads has the
 * header under another name, which the caller restores. Two handler APIs: undici 7's fetch (Node
 * 20-24) reads the head in `onHeaders`, undici 8's (Node 26) in `onResponseStart`, from the
 * controller's `rawHeaders` or else the parsed `headers`.
 */
function keepingBodyEncoded(handler: object): object {
  const { onHeaders, onResponseStart } = handler as HeadHandlers;
  if (!onHeaders && !onResponseStart) return handler;
  const wrapped = Object.create(handler) as HeadHandlers;
  if (onHeaders)
    wrapped.onHeaders = (status, raw, ...rest) => Reflect.apply(onHeaders, handler, [status, renameRaw(raw), ...rest]);
  if (onResponseStart)
    wrapped.onResponseStart = (controller, status, headers, ...rest) => {
      // The controller's own rawHeaders, renamed in place: the controller itself goes on unwrapped.
      if (Array.isArray(controller?.rawHeaders)) renameRaw(controller.rawHeaders as Buffer[], true);
      return Reflect.apply(onResponseStart, handler, [controller, status, renameParsed(headers), ...rest]);
    };
  return wrapped;
}

function isContentEncoding(name: unknown): boolean {
  return (Buffer.isBuffer(name) ? name.toString("latin1") : String(name)).toLowerCase() === "content-encoding";
}

/** `raw` with `content-encoding` renamed (a copy, or the same array with `inPlace`). */
function renameRaw(raw: Buffer[], inPlace = false): Buffer[] {
  const renamed = inPlace ? raw : [...raw];
  for (let i = 0; i < renamed.length; i += 2) if (isContentEncoding(renamed[i])) renamed[i] = Buffer.from(encodedContentEncoding);
  return renamed;
}

function renameParsed(headers: unknown): unknown {
  if (!headers || typeof headers !== "object") return headers;
  const entries = Object.entries(headers).map(([name, value]) => [
    isContentEncoding(name) ? encodedContentEncoding : name,
    value,
  ]);
  return Object.fromEntries(entries);
}

/**
 * The dispatcher for one outbound request: undici's default headers the request did not carry are
 * dropped (`carried`: the lower-cased names it has), then Node's Agent sends it on rewritten sockets;
 * with `encoded`, the response body is left as it came (keepingBodyEncoded).
 */
export function createOutboundDispatcher(
  nodeFetch: typeof fetch,
): (carried: (name: string) => boolean, encoded?: boolean) => Dispatcher {
  let agent: Dispatcher | undefined;
  return (carried, encoded = false) => ({
    dispatch(options, handler) {
      if (encoded) handler = keepingBodyEncoded(handler);
      agent ??= new (nodeAgentClass(nodeFetch))({ connect });
      // undici's Request cannot hold TRACE: it carries a stand-in (fetch-leniency.ts).
      if (options.method === traceStandIn) options = { ...options, method: "TRACE" };
      const headers = options.headers;
      if (headers) {
        const kept: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(headers))
          if (!undiciDefaults.includes(name) || carried(name)) kept[name] = value;
        options = { ...options, headers: kept };
      }
      return agent.dispatch(options, handler);
    },
  });
}
