/** Requests and responses through `vite dev` into a generation and back. */
import http from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("basic", { files: { ".dev.vars": "SECRET=s3cret\n" } });
});
afterAll(() => server?.stop());

test("the worker answers on Vite's port with vars and secrets on env", async () => {
  const res = await server.fetch("/");
  expect(res.status).toBe(200);
  expect(await res.text()).toBe("entry-1 middle:v1");
  // The imported env is not the handler's env object (workerd's is a view that withEnv() can replace; checked on the oracle).
  expect(await (await server.fetch("/env")).json()).toEqual({ GREETING: "hello", SECRET: "s3cret", same: false });
});

test("Workers globals are present", async () => {
  expect(await (await server.fetch("/globals")).json()).toEqual({
    userAgent: "Cloudflare-Workers",
    urlPattern: "7",
    waited: true,
    cf: "DFW",
    structuredClone: 1,
    subtle: "function",
  });
});

test("the worker sees the request as the edge hands it over: client address, the edge's accept-encoding, manual redirects", async () => {
  const res = await server.fetch("/edge", { headers: { "accept-encoding": "identity", "cf-connecting-ip": "203.0.113.9" } });
  expect(await res.json()).toEqual({
    "cf-connecting-ip": "127.0.0.1",
    "accept-encoding": "br, gzip",
    redirect: "manual",
    tlsVersion: "TLSv1.3",
  });
});

test("a 1 MB request body and repeated request headers reach the worker and come back", async () => {
  const body = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
  const headers = new Headers([
    ["x-one", "a"],
    ["x-two", "b"],
  ]);
  const res = await server.fetch("/echo", { method: "POST", body, headers });
  expect(res.headers.get("x-method")).toBe("POST");
  expect(res.headers.get("x-length")).toBe(String(body.byteLength));
  expect(res.headers.get("echo-x-one")).toBe("a");
  expect(res.headers.get("echo-x-two")).toBe("b");
  // Buffer.equals, not toEqual: a deep compare of 1M elements takes seconds.
  expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);
});

test("a chunked request body without content-length streams into the worker", async () => {
  const chunks = ["part1-", "part2-", "part3"];
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next === undefined) return controller.close();
      await new Promise((resolve) => setTimeout(resolve, 30));
      controller.enqueue(new TextEncoder().encode(next));
    },
  });
  const res = await server.fetch("/echo", { method: "PUT", body: stream, duplex: "half" } as RequestInit);
  expect(await res.text()).toBe("part1-part2-part3");
  expect(res.headers.get("x-method")).toBe("PUT");
});

test("repeated Set-Cookie headers stay separate", async () => {
  const res = await server.fetch("/cookies");
  expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
});

test("redirects pass through unfollowed", async () => {
  const res = await server.fetch("/redirect", { redirect: "manual" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(`${server.url}/`);
});

test("a slow response body streams chunk by chunk", async () => {
  const res = await server.fetch("/stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const seen: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen.push(decoder.decode(value));
  }
  expect(seen.join("")).toBe("chunk0\nchunk1\nchunk2\nchunk3\nchunk4\n");
  expect(seen.length).toBeGreaterThan(1);
});

test("with enable_request_signal, a client that disconnects aborts request.signal in the worker", async () => {
  await new Promise<void>((resolve) => {
    const req = http.get(`${server.url}/hang-until-abort`);
    req.on("error", () => resolve());
    setTimeout(() => {
      req.destroy();
      resolve();
    }, 300);
  });
  await until(async () => ((await (await server.fetch("/marks")).json()) as string[]).includes("signal:aborted"));
});

test("a throwing handler answers 500 with the error", async () => {
  const res = await server.fetch("/throw");
  expect(res.status).toBe(500);
  expect(await res.text()).toContain("boom from the handler");
});

test("Vite keeps serving its own files next to the worker", async () => {
  const res = await server.fetch("/@vite/client");
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("vite");
  const source = await server.fetch("/src/lib/middle.ts");
  expect(await source.text()).toContain("middle:");
});

test("a proxied fetch() response keeps a decodable body: the encoding headers go with the encoding", async () => {
  const { gzipSync } = await import("node:zlib");
  const upstream = http.createServer((_req, res) => {
    res.writeHead(200, { "content-encoding": "gzip", "content-type": "text/plain", "x-upstream": "yes" });
    res.end(gzipSync("hello through the proxy"));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const port = (upstream.address() as { port: number }).port;
  try {
    // A raw client, which does not decode: what a browser would have to decode.
    const { headers, body } = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      http
        .get(`${server.url}/proxy?upstream=${encodeURIComponent(`http://127.0.0.1:${port}/`)}`, (res) => {
          let data = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (data += chunk));
          res.on("end", () => resolve({ headers: res.headers, body: data }));
        })
        .on("error", reject);
    });
    expect(body).toBe("hello through the proxy");
    expect(headers["content-encoding"]).toBeUndefined();
    expect(headers["x-upstream"]).toBe("yes");
  } finally {
    upstream.close();
  }
});
