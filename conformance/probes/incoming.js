/** The incoming Request as the worker sees it (requested by the harness with fixed headers). */
import { allKeys, className, normalize } from "../harness/describe.js";

export const area = "Web APIs";

/** Headers the client did not send, whose value is random or a date: presence and shape only. */
const volatile = new Set(["cf-ray", "date"]);

export function probes({ request }) {
  const headers = () => [...request.headers].map(([name, value]) => [name, volatile.has(name) ? `<${name}>` : normalize(value)]);
  return {
    class: () => className(request),
    method: () => request.method,
    url: () => request.url.replace(/^http:\/\/[^/]+/, "<origin>"),
    "url origin is the dev server's": () => normalize(new URL(request.url).origin),
    "header names": () =>
      headers()
        .map(([name]) => name)
        .toSorted(),
    headers: () => headers().toSorted(),
    "cf-connecting-ip": () => request.headers.get("cf-connecting-ip"),
    "x-forwarded-for": () => request.headers.get("x-forwarded-for"),
    "x-real-ip": () => request.headers.get("x-real-ip"),
    "accept-encoding": () => request.headers.get("accept-encoding"),
    host: () => normalize(request.headers.get("host") ?? "<none>"),
    "content-length": () => request.headers.get("content-length"),
    "transfer-encoding": () => request.headers.get("transfer-encoding"),
    connection: () => request.headers.get("connection"),
    "cf-ray shape": () => /^[0-9a-f]{16}(-[A-Z]{3})?$/.test(request.headers.get("cf-ray") ?? ""),
    redirect: () => request.redirect,
    fetcher: () => className(request.fetcher),
    "signal class": () => className(request.signal),
    "signal.aborted": () => request.signal.aborted,
    body: () => (request.body === null ? null : className(request.body)),
    bodyUsed: () => request.bodyUsed,
    keepalive: () => request.keepalive,
    cache: () => request.cache,
    mode: () => request.mode,
    credentials: () => request.credentials,
    integrity: () => request.integrity,
    "cf class": () => className(request.cf),
    "cf keys": () => Object.keys(request.cf ?? {}).toSorted(),
    "cf.colo type": () => typeof request.cf?.colo,
    "cf.httpProtocol": () => request.cf?.httpProtocol,
    "cf.tlsVersion": () => request.cf?.tlsVersion,
    "cf.clientAcceptEncoding": () => request.cf?.clientAcceptEncoding,
    "cf.requestPriority": () => request.cf?.requestPriority,
    "own and prototype keys": () => allKeys(request),
    "headers class": () => className(request.headers),
    "headers are immutable": () => {
      request.headers.set("x-probe", "1");
      return request.headers.get("x-probe");
    },
    "text()": async () => await request.clone().text(),
    "clone() keeps cf": () => (request.clone().cf === undefined ? "<undefined>" : typeof request.clone().cf),
  };
}
