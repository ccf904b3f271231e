import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { connect } from "../web/sockets/connect.js";
import { createNetModule, type WorkersConnect } from "./net-module.js";

type WorkerNet = { connect(...args: unknown[]): net.Socket; Socket: new () => net.Socket; isIP(input: string): number };

const workerNet = createNetModule(connect as unknown as WorkersConnect).default as WorkerNet;
let echo: net.Server;
let port = 0;

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  port = (echo.address() as AddressInfo).port;
});

afterAll(() => new Promise((resolve) => echo.close(resolve)));

test("a socket is a Duplex over cloudflare:sockets: connect, write, read back, end", async () => {
  const socket = workerNet.connect(port, "127.0.0.1");
  expect(socket).toBeInstanceOf(workerNet.Socket);
  expect(socket).not.toBeInstanceOf(net.Socket);
  expect(socket.connecting).toBe(true);
  await new Promise((resolve) => socket.once("connect", resolve));
  expect([socket.remoteAddress, socket.remotePort, socket.remoteFamily, socket.readyState]).toEqual([
    "127.0.0.1",
    port,
    "IPv4",
    "open",
  ]);
  socket.end("ping");
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe("ping");
  expect([socket.bytesRead, socket.bytesWritten]).toEqual([4, 4]);
});

test("setTimeout emits timeout once the connection stays idle", async () => {
  const socket = workerNet.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  await new Promise<void>((resolve) => socket.setTimeout(20, resolve));
  socket.destroy();
});

test("a refused connection fails with workerd's socket proxy error, not a host errno", async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const socket = new workerNet.Socket();
  socket.connect({ host: "127.0.0.1", port: closedPort });
  const error = await new Promise<Error & { code?: string }>((resolve) => socket.once("error", resolve));
  expect({ code: error.code, message: error.message }).toMatchInlineSnapshot(`
    {
      "code": undefined,
      "message": "proxy request failed, cannot connect to the specified address",
    }
  `);
  expect(() => workerNet.connect({ port: 70000 })).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: Port should be >= 0 and < 65536. Received type number (70000).]`,
  );
  expect(() => workerNet.connect("/tmp/some.sock")).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The argument 'path' is not supported. Received '/tmp/some.sock']`,
  );
});
