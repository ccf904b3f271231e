/* oxlint-disable unicorn/no-invalid-fetch-options, no-new -- invalid input is what these probes observe */
/** What Web APIs throw for bad input: error class, name and message (workerd's wording is the spec). */
export const area = "Web APIs";

export function probes({ echo }) {
  const blocked = "http://127.0.0.1:1/";
  return {
    "new Response(null, { status: 99 })": () => new Response(null, { status: 99 }),
    "new Response(null, { status: 600 })": () => new Response(null, { status: 600 }),
    "new Response('body', { status: 204 })": () => new Response("body", { status: 204 }),
    "new Response(null, { status: 101 })": () => new Response(null, { status: 101 }).status,
    "new Response(null, { statusText: 'bad\\n' })": () => new Response(null, { statusText: "bad\n" }),
    "new Response(null, { headers: 'x' })": () => new Response(null, { headers: "x" }),
    "Response.redirect('/relative')": () => Response.redirect("/relative"),
    "Response.redirect(url, 200)": () => Response.redirect("https://example.com/", 200),
    "Response.json(undefined)": () => Response.json(undefined).text(),
    "Response.json(1n)": () => Response.json(1n),
    "body used twice": async () => {
      const response = new Response("x");
      await response.text();
      return await response.text();
    },
    "clone after body used": async () => {
      const response = new Response("x");
      await response.text();
      return response.clone();
    },
    "new Headers({ 'bad name': 'x' })": () => new Headers({ "bad name": "x" }),
    "new Headers([['a']])": () => new Headers([["a"]]),
    "new Headers([['a', 'b', 'c']])": () => new Headers([["a", "b", "c"]]),
    "headers.set('a', 'line\\nbreak')": () => new Headers().set("a", "line\nbreak"),
    "headers.set('a', '\\u0100')": () => new Headers().set("a", "\u0100"),
    "headers.get('bad name')": () => new Headers().get("bad name"),
    "header names outside ASCII (listed)": () => [
      ...new Headers([
        ["x-\u0161", "1"],
        ["X-\u00dc", "2"],
        ["x-\u4e2d", "3"],
        ["x-\u{1F600}", "4"],
        ["x-z", "5"],
      ]),
    ],
    "header name outside ASCII (get, has, delete)": () => {
      const headers = new Headers({ "x-\u0161": "1" });
      const found = [headers.get("x-\u0161"), headers.get("X-\u0160"), headers.has("x-\u0161")];
      headers.delete("x-\u0161");
      return [...found, [...headers.keys()]];
    },
    "header name outside ASCII on a Request": () => [...new Request("http://x", { headers: { "x-\u00e9": "1" } }).headers],
    "new Headers({ 'x-\\u0161 y': '1' })": () => new Headers({ "x-\u0161 y": "1" }),
    "immutable response headers": async () => (await fetch(echo)).headers.set("x", "1"),
    "Response.error().headers.set": () => Response.error().headers.set("x", "1"),
    "atob('!!!')": () => atob("!!!"),
    "atob('abc')": () => atob("abc"),
    "atob('a')": () => atob("a"),
    "atob()": () => atob(),
    "btoa('\\u20ac')": () => btoa("\u20ac"),
    "btoa()": () => btoa(),
    "new Request('/relative')": () => new Request("/relative"),
    "new Request('http://x', { body: 'b' }) (GET with body)": () => new Request("http://x", { body: "b" }),
    "new Request('http://x', { method: 'HEAD', body: 'b' })": () => new Request("http://x", { method: "HEAD", body: "b" }),
    "new Request('http://x', { method: 'bad method' })": () => new Request("http://x", { method: "bad method" }),
    "new Request('http://x', { method: 'CONNECT' })": () => new Request("http://x", { method: "CONNECT" }).method,
    "new Request('http://x', { method: 'TRACE' })": () => new Request("http://x", { method: "TRACE" }).method,
    "new Request('http://x', { redirect: 'bogus' })": () => new Request("http://x", { redirect: "bogus" }),
    "new Request('http://x', { mode: 'navigate' })": () => new Request("http://x", { mode: "navigate" }).mode,
    "new Request('http://x', { mode: 'no-cors' })": () => new Request("http://x", { mode: "no-cors" }).mode,
    "new Request('http://x', { credentials: 'include' })": () => new Request("http://x", { credentials: "include" }).credentials,
    "new Request('http://x', { cache: 'no-store' })": () => new Request("http://x", { cache: "no-store" }).cache,
    "new Request('http://x', { cache: 'only-if-cached' })": () => new Request("http://x", { cache: "only-if-cached" }).cache,
    "new Request('http://x', { integrity: 'sha256-x' })": () => new Request("http://x", { integrity: "sha256-x" }).integrity,
    "new Request('http://x', { priority: 'high' })": () => new Request("http://x", { priority: "high" }).method,
    "new Request('http://u:p@x/')": () => new Request("http://u:p@x/").url,
    "new URL('bad')": () => new URL("bad"),
    "new URL('/path', 'bad base')": () => new URL("/path", "bad base"),
    "fetch('not a url')": () => fetch("not a url"),
    "fetch('/relative')": () => fetch("/relative"),
    "fetch('ftp://example.com/')": () => fetch("ftp://example.com/"),
    "fetch('file:///etc/passwd')": () => fetch("file:///etc/passwd"),
    "fetch('data:text/plain,hi')": async () => (await fetch("data:text/plain,hi")).text(),
    "fetch('blob:')": () => fetch("blob:http://x/1"),
    "fetch(echo, { method: 'GET', body })": () => fetch(echo, { method: "GET", body: "x" }),
    "fetch(echo, { method: 'bad method' })": () => fetch(echo, { method: "bad method" }),
    "fetch(echo, { headers: { 'bad name': 'x' } })": () => fetch(echo, { headers: { "bad name": "x" } }),
    "fetch(echo, { redirect: 'error' }) to a redirect": () => fetch(`${echo}redirect`, { redirect: "error" }),
    "fetch(closed port)": () => fetch(blocked),
    "fetch(echo, { signal: aborted })": () => fetch(echo, { signal: AbortSignal.abort() }),
    "fetch(echo, { signal: aborted with reason })": () => fetch(echo, { signal: AbortSignal.abort(new Error("my reason")) }),
    "fetch(echo, { cache: 'no-cache' })": () => fetch(echo, { cache: "no-cache" }).then((r) => r.status),
    "fetch(echo, { mode: 'cors' })": () => fetch(echo, { mode: "cors" }).then((r) => r.status),
    "new CompressionStream('bogus')": () => new CompressionStream("bogus"),
    "new DecompressionStream('gzip') on garbage": async () => {
      const stream = new Blob([new Uint8Array([1, 2, 3, 4, 5])]).stream().pipeThrough(new DecompressionStream("gzip"));
      return await new Response(stream).text();
    },
    "new WebSocket('ftp://x')": () => new WebSocket("ftp://x"),
    "new WebSocket('not a url')": () => new WebSocket("not a url"),
    "new WebSocket('ws://x#frag')": () => new WebSocket("ws://x#frag"),
    "new TextDecoder('bogus')": () => new TextDecoder("bogus"),
    "fatal TextDecoder on invalid UTF-8": () => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])),
    "structuredClone(function)": () => structuredClone(() => {}),
    "structuredClone(Symbol())": () => structuredClone(Symbol("s")),
    "second getReader()": () => {
      const stream = new ReadableStream();
      stream.getReader();
      return stream.getReader();
    },
    "crypto.getRandomValues(65537 bytes)": () => crypto.getRandomValues(new Uint8Array(65537)),
    "crypto.getRandomValues(Float64Array)": () => crypto.getRandomValues(new Float64Array(2)),
    "crypto.subtle.digest('BOGUS', data)": () => crypto.subtle.digest("BOGUS", new Uint8Array(1)),
    "crypto.subtle.importKey with a bad format": () =>
      crypto.subtle.importKey("bogus", new Uint8Array(16), "AES-GCM", false, ["encrypt"]),
    "abort reason": () => {
      const controller = new AbortController();
      controller.abort();
      throw controller.signal.reason;
    },
    "AbortSignal.timeout reason": async () => {
      const signal = AbortSignal.timeout(1);
      await scheduler.wait(20);
      throw signal.reason;
    },
    "signal.throwIfAborted()": () => AbortSignal.abort().throwIfAborted(),
    "new Event()": () => new Event(),
    "new URLPattern({ pathname: '(' })": () => new URLPattern({ pathname: "(" }),
    "new FormData('x')": () => new FormData("x"),
    "new Blob('x')": () => new Blob("x"),
    "new ReadableStream({ type: 'bogus' })": () => new ReadableStream({ type: "bogus" }),
    "queueMicrotask('x')": () => queueMicrotask("x"),
    "new WebSocketPair()[0].send() before accept": () => new WebSocketPair()[0].send("x"),
  };
}
