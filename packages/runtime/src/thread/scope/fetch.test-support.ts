/** What the fetch tests share: workerd-shaped fetch classes of their own, and a loopback echo server. */
import { Buffer } from "node:buffer";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { workerdFetchClasses } from "./fetch-wording.js";

/** workerd's fetch classes made from subclasses of Node's, so that the prototype methods shaped are these classes' own. */
export function subclassedFetchClasses() {
  return workerdFetchClasses({
    Headers: class extends Headers {},
    Request: class extends Request {},
    Response: class extends Response {},
  });
}

/** What arrived on the wire: header names and values (their bytes, read as latin1) in the order sent. */
export interface Echo {
  method: string;
  path: string;
  headers: [string, string][];
  body: string;
}

/** A server on 127.0.0.1 answering each request with its Echo; `/redirect` answers 302 to `/target`. */
export async function startEchoServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.url === "/redirect") return void response.writeHead(302, { location: "/target" }).end();
      const headers: [string, string][] = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2)
        headers.push([request.rawHeaders[i] ?? "", request.rawHeaders[i + 1] ?? ""]);
      const body = Buffer.concat(chunks).toString();
      response.end(JSON.stringify({ method: request.method ?? "", path: request.url ?? "", headers, body } satisfies Echo));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
