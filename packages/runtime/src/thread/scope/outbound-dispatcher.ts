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

/** Node's undici Agent class: Node exposes it only as the class of its global dispatcher. */
function nodeAgentClass(nodeFetch: typeof fetch): new (options: { connect: Connect }) => Dispatcher {
  const key = Symbol.for("undici.globalDispatcher.1");
  const g = globalThis as Record<symbol, unknown>;
  // fetch() installs the global dispatcher synchronously on its first call.
  if (g[key] === undefined) nodeFetch("data:,").catch(() => {});
  return (g[key] as { constructor: new (options: { connect: Connect }) => Dispatcher }).constructor;
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

/**
 * undici's fetch decodes a body whose `content-encoding` it knows; workerd's `node:http` client asks
 * for the bytes as they came (`encodeResponseBody: "manual"`). The response head fetch reads has the
 * header under another name, which the caller restores.
 */
function keepingBodyEncoded(handler: object): object {
  const { onHeaders } = handler as { onHeaders?: (status: number, raw: Buffer[], ...rest: unknown[]) => unknown };
  if (!onHeaders) return handler;
  return Object.assign(Object.create(handler) as object, {
    onHeaders(status: number, raw: Buffer[], ...rest: unknown[]) {
      const renamed = raw.map((item, index) =>
        index % 2 === 0 && item.toString("latin1").toLowerCase() === "content-encoding"
          ? Buffer.from(encodedContentEncoding)
          : item,
      );
      return Reflect.apply(onHeaders, handler, [status, renamed, ...rest]);
    },
  });
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
