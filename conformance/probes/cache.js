/** The Cache API: what put stores, what match returns (headers included), and errors. */
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: Cache";

const volatile = new Set(["date", "age", "expires"]);
const headerList = (response) =>
  response ? [...response.headers].map(([name, value]) => [name, volatile.has(name) ? `<${name}>` : value]) : response;

export function probes() {
  const cache = caches.default;
  const url = (path) => `https://cache.conformance.example/${path}`;
  return {
    "caches.default class": () => className(cache),
    "Cache keys": () => allKeys(cache),
    "CacheStorage keys": () => allKeys(caches),
    "caches.open class": async () => className(await caches.open("named")),
    "caches.open('') ": async () => className(await caches.open("")),
    "caches.has": () => caches.has?.("named"),
    "caches.keys": () => caches.keys?.(),
    "put returns": () =>
      cache.put(url("a"), new Response("body a", { headers: { "cache-control": "max-age=3600", "x-probe": "1" } })),
    match: async () => {
      const response = await cache.match(url("a"));
      return {
        class: className(response),
        status: response?.status,
        statusText: response?.statusText,
        text: await response?.text(),
      };
    },
    "match headers": async () => headerList(await cache.match(url("a"))),
    "match with a Request": async () => (await cache.match(new Request(url("a"))))?.status,
    "match missing": () => cache.match(url("missing")),
    "match with a POST request": () => cache.match(new Request(url("a"), { method: "POST" })),
    "match ignoreMethod": async () =>
      (await cache.match(new Request(url("a"), { method: "POST" }), { ignoreMethod: true }))?.status,
    "match with a query string": () => cache.match(url("a?q=1")),
    "put without cache-control": async () => {
      await cache.put(url("plain"), new Response("plain"));
      return headerList(await cache.match(url("plain")));
    },
    "put with no-store": async () => {
      await cache.put(url("nostore"), new Response("x", { headers: { "cache-control": "no-store" } }));
      return (await cache.match(url("nostore")))?.status ?? null;
    },
    "put with private": async () => {
      await cache.put(url("private"), new Response("x", { headers: { "cache-control": "private, max-age=60" } }));
      return (await cache.match(url("private")))?.status ?? null;
    },
    "put with set-cookie": async () => {
      await cache.put(url("cookie"), new Response("x", { headers: { "cache-control": "max-age=60", "set-cookie": "a=1" } }));
      return (await cache.match(url("cookie")))?.status ?? null;
    },
    "put with Vary: *": () =>
      cache.put(url("vary"), new Response("x", { headers: { vary: "*", "cache-control": "max-age=60" } })),
    "put a 206": () => cache.put(url("partial"), new Response("x", { status: 206 })),
    "put a 404 then match": async () => {
      await cache.put(url("404"), new Response("gone", { status: 404, headers: { "cache-control": "max-age=60" } }));
      return (await cache.match(url("404")))?.status ?? null;
    },
    "put with a POST request": () => cache.put(new Request(url("post"), { method: "POST" }), new Response("x")),
    "put with a relative URL": () => cache.put("/relative", new Response("x")),
    "put with a non-http URL": () => cache.put("ftp://x/", new Response("x")),
    "put a used body": async () => {
      const response = new Response("x");
      await response.text();
      return await cache.put(url("used"), response);
    },
    "range request on a cached response": async () => {
      const response = await cache.match(new Request(url("a"), { headers: { range: "bytes=0-3" } }));
      return { status: response?.status, range: response?.headers.get("content-range"), text: await response?.text() };
    },
    "conditional match with If-None-Match": async () => {
      await cache.put(url("etag"), new Response("e", { headers: { "cache-control": "max-age=60", etag: '"v1"' } }));
      return (await cache.match(new Request(url("etag"), { headers: { "if-none-match": '"v1"' } })))?.status ?? null;
    },
    delete: () => cache.delete(url("a")),
    "delete missing": () => cache.delete(url("a")),
    "named cache is separate": async () => {
      const named = await caches.open("named");
      await named.put(url("n"), new Response("n", { headers: { "cache-control": "max-age=60" } }));
      return { named: (await named.match(url("n")))?.status ?? null, default: (await cache.match(url("n")))?.status ?? null };
    },
    "cache.add": () => cache.add(url("x")),
    "cache.matchAll": () => cache.matchAll(),
  };
}
