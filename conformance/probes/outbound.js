/** What an outbound fetch() sends and what its Response looks like (the harness's echo server answers). */
import { className, normalize } from "../harness/describe.js";

export const area = "Web APIs";

async function echoed(url, init) {
  const response = await fetch(url, init);
  const body = await response.json();
  return { ...body, headers: body.headers.map(([name, value]) => [name, normalize(value)]) };
}

/** Headers of the echo server's answer whose value changes per run. */
const volatile = new Set(["date", "keep-alive"]);

export function probes({ echo }) {
  return {
    "GET: headers sent": async () => (await echoed(echo)).headers,
    "GET: CF-Worker header": async () => (await echoed(echo)).headers.find(([name]) => name === "cf-worker")?.[1] ?? null,
    "GET with a custom user-agent": async () =>
      (await echoed(echo, { headers: { "user-agent": "probe" } })).headers.find(([n]) => n === "user-agent"),
    "POST string: headers sent": async () => (await echoed(echo, { method: "POST", body: "hello" })).headers,
    "POST stream: headers sent": async () =>
      (await echoed(echo, { method: "POST", body: new Blob(["abc"]).stream(), duplex: "half" })).headers.filter(([n]) =>
        ["content-length", "transfer-encoding"].includes(n),
      ),
    "PURGE without body: headers sent": async () =>
      (await echoed(echo, { method: "PURGE" })).headers.filter(([n]) => ["content-length", "transfer-encoding"].includes(n)),
    "DELETE without body: headers sent": async () =>
      (await echoed(echo, { method: "DELETE" })).headers.filter(([n]) => ["content-length", "transfer-encoding"].includes(n)),
    "method sent for 'patch'": async () => (await echoed(echo, { method: "patch" })).method,
    "Request object passed to fetch": async () =>
      (await echoed(new Request(echo, { method: "PUT", body: "x", headers: { "x-a": "1" } }))).headers.filter(
        ([n]) => n === "x-a" || n === "content-length",
      ),
    "response fields": async () => {
      const r = await fetch(echo);
      return {
        status: r.status,
        statusText: r.statusText,
        ok: r.ok,
        type: r.type,
        redirected: r.redirected,
        url: normalize(r.url),
        class: className(r),
      };
    },
    "response header names": async () =>
      [...(await fetch(echo)).headers].map(([name, value]) => [name, volatile.has(name) ? `<${name}>` : value]),
    "redirect followed": async () => {
      const r = await fetch(`${echo}redirect`);
      return { status: r.status, redirected: r.redirected, url: normalize(r.url), path: (await r.json()).path };
    },
    "redirect: 'manual'": async () => {
      const r = await fetch(`${echo}redirect`, { redirect: "manual" });
      return { status: r.status, type: r.type, location: r.headers.get("location"), redirected: r.redirected };
    },
    "gzip response is decoded": async () => {
      const r = await fetch(`${echo}gzip`);
      return { encoding: r.headers.get("content-encoding"), path: (await r.json()).path };
    },
    "gzip response with encodeBody manual": async () => {
      const r = await fetch(`${echo}gzip`);
      const passed = new Response(r.body, { headers: r.headers, encodeBody: "manual" });
      return { encoding: passed.headers.get("content-encoding"), class: className(passed.body) };
    },
    "fetch with cf options": async () => (await fetch(echo, { cf: { cacheTtl: 5 } })).status,
    "fetch with an AbortSignal aborted later": async () => {
      const controller = new AbortController();
      const pending = fetch(`${echo}slow`, { signal: controller.signal });
      controller.abort();
      return await pending;
    },
  };
}
