/**
 * The URL a request gives the worker, or why it cannot be given one. Node's HTTP parser accepts
 * targets and methods that `new Request()` refuses; answering them here keeps every request
 * answered and keeps generations from seeing requests they cannot build.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";

export type RequestTarget =
  /** `path` is origin-form (what Vite's middlewares expect in `req.url`); `url` is what the worker sees. */
  { ok: true; path: string; url: string } | { ok: false; status: 400 | 405; message: string };

/**
 * Methods workerd's Request refuses (TRACE it accepts, and the runtime carries it past Node's
 * Request). Node's parser turns TRACK away before (unparsed-requests.ts), CONNECT too (its "connect" event).
 */
const forbiddenMethods = new Set(["TRACK"]);
const absoluteForm = /^[a-z][a-z\d+.-]*:\/\//i;

/** The 405's text for a method the Workers runtime refuses (here, or from Node's parser in unparsed-requests.ts). */
export const refusedMethodMessage = (method: string) =>
  `[kindling] ${method} requests are not passed to the worker: the Workers runtime does not accept the method ${method}. Use another method.`;

export function resolveRequestTarget(req: IncomingMessage): RequestTarget {
  const method = req.method ?? "GET";
  if (forbiddenMethods.has(method)) {
    return {
      ok: false,
      status: 405,
      message: refusedMethodMessage(method),
    };
  }
  const raw = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const host = req.headers.host ?? (req.headers[":authority"] as string | undefined);
  let path = raw;
  if (absoluteForm.test(raw)) {
    const target = parseUrl(raw);
    if (!target) return badRequest(`The request target "${raw}" is not a valid URL. Send a path such as "/".`);
    // RFC 9112 §3.2.2 lets the target's authority replace Host; Cloudflare accepts absolute-form
    // targets only when both name the same host, so do the same rather than pick one.
    const hostUrl = host === undefined ? undefined : parseUrl(`${target.protocol}//${host}`);
    if (!hostUrl || hostUrl.host !== target.host) {
      return badRequest(
        `The absolute-form request target "${raw}" names host "${target.host}", but the Host header is ${host === undefined ? "missing" : `"${host}"`}. Send a path such as "${target.pathname}${target.search}" with the Host header, or make both name the same host.`,
      );
    }
    path = `${target.pathname}${target.search}`;
  } else if (!raw.startsWith("/")) {
    return badRequest(
      `The request target "${raw}" is not a path. The worker answers requests for paths ("/..."), e.g. "OPTIONS /" instead of "OPTIONS *".`,
    );
  }
  const protocol = (req.socket as TLSSocket).encrypted ? "https" : "http";
  const url = parseUrl(`${protocol}://${host ?? "localhost"}${path}`);
  if (!url) {
    return badRequest(
      `The Host header "${host}" does not make a valid URL with the path "${path}". Send a host name, with a port from 1 to 65535 if any.`,
    );
  }
  if (url.username || url.password) {
    return badRequest(
      `The Host header "${host}" carries credentials ("user@host"), which a Request cannot. Send only the host name and port.`,
    );
  }
  return { ok: true, path, url: url.href };
}

function badRequest(message: string): RequestTarget {
  return { ok: false, status: 400, message: `[kindling] ${message}` };
}

function parseUrl(input: string): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}
