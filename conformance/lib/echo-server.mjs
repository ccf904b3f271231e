// @ts-check
/**
 * A loopback HTTP server that answers every request with what arrived on the wire (method, path,
 * header names and values, body size), so probes can see what a worker's outbound fetch() sends.
 * `/redirect*` answers 302 to `/target`; `/gzip*` answers the same JSON gzip-encoded.
 */
import http from "node:http";
import zlib from "node:zlib";

export async function startEchoServer() {
  const server = http.createServer((request, response) => {
    let size = 0;
    request.on("data", (chunk) => (size += chunk.length));
    request.on("end", () => {
      const headers = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        headers.push([request.rawHeaders[i].toLowerCase(), request.rawHeaders[i + 1]]);
      }
      headers.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const body = JSON.stringify({ method: request.method, path: request.url, headers, bodySize: size });
      if (request.url?.startsWith("/redirect")) {
        response.writeHead(302, { location: "/target" }).end();
      } else if (request.url?.startsWith("/gzip")) {
        response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "x-echo": "1" });
        response.end(zlib.gzipSync(body));
      } else {
        response.writeHead(200, { "content-type": "application/json", "x-echo": "1" }).end(body);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
