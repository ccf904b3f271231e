/** Defaults and shapes of Web API objects: status texts, headers, properties, supported options. */
import { allKeys, className } from "../harness/describe.js";

export const area = "Web APIs";

const statusText = (status) => () => new Response(null, { status }).statusText;

export function probes() {
  return {
    "statusText of 200": statusText(200),
    "statusText of 201": statusText(201),
    "statusText of 302": statusText(302),
    "statusText of 404": statusText(404),
    "statusText of 418": statusText(418),
    "statusText of 500": statusText(500),
    "statusText of 599": statusText(599),
    "new Response() fields": () => {
      const r = new Response();
      return {
        status: r.status,
        ok: r.ok,
        type: r.type,
        url: r.url,
        redirected: r.redirected,
        body: r.body,
        bodyUsed: r.bodyUsed,
      };
    },
    "new Response('x') headers": () => [...new Response("x").headers],
    "new Response(Uint8Array) headers": () => [...new Response(new Uint8Array(3)).headers],
    "new Response(Blob) headers": () => [...new Response(new Blob(["ab"], { type: "text/x-a" })).headers],
    "new Response(URLSearchParams) headers": () => [...new Response(new URLSearchParams("a=1")).headers],
    "new Response(FormData) content-type starts": () => new Response(new FormData()).headers.get("content-type")?.split(";")[0],
    "Response.json headers": () => [...Response.json({ a: 1 }).headers],
    "Response.redirect fields": () => {
      const r = Response.redirect("https://example.com/a", 301);
      return { status: r.status, location: r.headers.get("location"), statusText: r.statusText };
    },
    "Response.error() fields": () => {
      const r = Response.error();
      return { type: r.type, status: r.status, statusText: r.statusText };
    },
    "Response prototype keys": () => allKeys(new Response()),
    "Request prototype keys": () => allKeys(new Request("http://x/")),
    "Headers prototype keys": () => allKeys(new Headers()),
    "Blob prototype keys": () => allKeys(new Blob([])),
    "new Request() fields": () => {
      const r = new Request("http://x/");
      return {
        method: r.method,
        url: r.url,
        redirect: r.redirect,
        cache: r.cache,
        mode: r.mode,
        credentials: r.credentials,
        destination: r.destination,
        referrer: r.referrer,
        referrerPolicy: r.referrerPolicy,
        integrity: r.integrity,
        keepalive: r.keepalive,
        duplex: r.duplex,
        cf: r.cf,
        fetcher: r.fetcher,
        signal: className(r.signal),
        body: r.body,
      };
    },
    "new Request(url, { cf }).cf": () => new Request("http://x/", { cf: { cacheTtl: 5 } }).cf,
    "new Request(request, { cf }) keeps cf": () => new Request(new Request("http://x/", { cf: { a: 1 } })).cf,
    "method names are normalised": () =>
      ["get", "post", "patch", "delete", "purge"].map((method) => new Request("http://x/", { method }).method),
    "new Request(POST with string) headers": () => [...new Request("http://x/", { method: "POST", body: "a" }).headers],
    "new Request(POST with stream) duplex": () =>
      new Request("http://x/", { method: "POST", body: new ReadableStream(), duplex: "half" }).headers.has("content-length"),
    "request.clone() keeps fields": () => {
      const r = new Request("http://x/", { method: "PUT", body: "abc", headers: { a: "1" } }).clone();
      return { method: r.method, a: r.headers.get("a"), hasBody: r.body !== null };
    },
    "Headers lowercases names": () => [...new Headers({ "X-A": "1", "x-b": "2" }).keys()],
    "Headers combine duplicates": () =>
      new Headers([
        ["a", "1"],
        ["a", "2"],
      ]).get("a"),
    "Headers iteration of set-cookie": () => [
      ...new Headers([
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]),
    ],
    "headers.getSetCookie()": () =>
      new Headers([
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]).getSetCookie?.(),
    "headers.getAll('set-cookie')": () =>
      new Headers([
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]).getAll?.("set-cookie"),
    "headers.getAll('x')": () => new Headers([["x", "1"]]).getAll?.("x"),
    "Headers keep value whitespace": () => new Headers({ a: "  v  " }).get("a"),
    "Headers order": () => [
      ...new Headers([
        ["b", "1"],
        ["a", "2"],
        ["C", "3"],
      ]).keys(),
    ],
    "typeof Response.prototype.bytes": () => typeof Response.prototype.bytes,
    "typeof Blob.prototype.bytes": () => typeof Blob.prototype.bytes,
    "typeof Request.prototype.bytes": () => typeof Request.prototype.bytes,
    "typeof ReadableStream.from": () => typeof ReadableStream.from,
    "typeof AbortSignal.any": () => typeof AbortSignal.any,
    "new File([], 'a') fields": () => {
      const f = new File(["x"], "a.txt", { type: "text/plain", lastModified: 5 });
      return { name: f.name, type: f.type, size: f.size, lastModified: f.lastModified };
    },
    "FormData file entry class": () => {
      const form = new FormData();
      form.append("f", new Blob(["x"]), "name.bin");
      return { class: className(form.get("f")), name: form.get("f").name };
    },
    "FormData string entry from Blob without filename": () => {
      const form = new FormData();
      form.append("f", new Blob(["x"]));
      return form.get("f").name;
    },
    "parse multipart FormData from a Response": async () => {
      const form = new FormData();
      form.append("a", "1");
      form.append("f", new File(["x"], "f.txt"));
      const parsed = await new Response(form).formData();
      return { a: parsed.get("a"), f: className(parsed.get("f")), name: parsed.get("f").name };
    },
    "TextDecoder('latin1').encoding": () => new TextDecoder("latin1").encoding,
    "TextDecoder('shift_jis')": () => new TextDecoder("shift_jis").encoding,
    "TextDecoder('utf-16le').decode": () => new TextDecoder("utf-16le").decode(new Uint8Array([104, 0, 105, 0])),
    "TextDecoder BOM handling": () => new TextDecoder().decode(new Uint8Array([0xef, 0xbb, 0xbf, 104])),
    "TextEncoder.encodeInto": () => new TextEncoder().encodeInto("hé", new Uint8Array(5)),
    "URL searchParams sort": () => {
      const url = new URL("http://x/?b=2&a=1");
      url.searchParams.toSorted();
      return url.href;
    },
    "URL.canParse": () => typeof URL.canParse === "function" && URL.canParse("http://x"),
    "URL.parse": () => typeof URL.parse === "function" && URL.parse("bad"),
    "new URL with special chars": () => new URL("http://EXAMPLE.com/a b/../c?q=1 2#f g").href,
    "URL of an IDN": () => new URL("http://münchen.de/").host,
    "URLPattern exec": () => new URLPattern({ pathname: "/users/:id" }).exec("http://x/users/42")?.pathname.groups,
    "structuredClone(Map)": () => className(structuredClone(new Map([[1, 2]]))),
    "structuredClone(Error) keeps name": () => structuredClone(new RangeError("r")).name,
    "Event fields": () => {
      const e = new Event("x", { cancelable: true });
      e.preventDefault();
      return { type: e.type, defaultPrevented: e.defaultPrevented, isTrusted: e.isTrusted, timeStamp: typeof e.timeStamp };
    },
    "CustomEvent detail": () => new CustomEvent("x", { detail: 5 }).detail,
    "DOMException fields": () => {
      const e = new DOMException("m", "NotFoundError");
      return { name: e.name, code: e.code, message: e.message, class: className(e) };
    },
    "MessageChannel round trip": () =>
      new Promise((resolve) => {
        const { port1, port2 } = new MessageChannel();
        port2.addEventListener("message", (event) => {
          resolve(event.data);
          port1.close();
          port2.close();
        });
        port2.start();
        port1.postMessage({ a: 1 });
      }),
    "EventTarget dispatch": () => {
      const target = new EventTarget();
      let seen = 0;
      target.addEventListener("x", () => seen++, { once: true });
      target.dispatchEvent(new Event("x"));
      target.dispatchEvent(new Event("x"));
      return seen;
    },
    "WebSocketPair socket fields": () => {
      const [client] = Object.values(new WebSocketPair());
      return {
        readyState: client.readyState,
        url: client.url,
        protocol: client.protocol,
        extensions: client.extensions,
        binaryType: client.binaryType,
        accept: typeof client.accept,
      };
    },
    "WebSocket static constants": () => [WebSocket.CONNECTING, WebSocket.OPEN, WebSocket.CLOSING, WebSocket.CLOSED],
  };
}
