import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import type { WireRequest } from "@kindling/runtime/protocol";
import { toWireRequest } from "./wire-http.js";

/** What toWireRequest makes of one real request sent over loopback with `headers`. */
async function received(headers: Record<string, string>): Promise<WireRequest> {
  let resolveWire!: (wire: WireRequest) => void;
  const wire = new Promise<WireRequest>((resolve) => (resolveWire = resolve));
  const server = createServer((req, res) => {
    void toWireRequest(req, "http://localhost/").then(({ request, discardBody }) => {
      discardBody();
      resolveWire(request);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    httpRequest({ port, host: "127.0.0.1", headers }, (res) => res.resume().on("end", resolve))
      .on("error", reject)
      .end();
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return wire;
}

test("the worker sees the edge's Accept-Encoding and the client's in clientAcceptEncoding", async () => {
  const sent = await received({ "accept-encoding": "gzip" });
  expect(sent.headers.filter(([name]) => name.toLowerCase() === "accept-encoding")).toEqual([["accept-encoding", "br, gzip"]]);
  expect(sent.clientAcceptEncoding).toBe("gzip");
  expect((await received({})).clientAcceptEncoding).toBe("");
});
