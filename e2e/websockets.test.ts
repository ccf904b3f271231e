import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { openSocket } from "./helpers/ws-client.js";

let server: DevServer;
let wsUrl: string;

beforeAll(async () => {
  server = await startDevServer("websockets");
  wsUrl = server.url.replace("http:", "ws:");
});
afterAll(() => server?.stop());

const closes = async () =>
  (await (await server.fetch("/closes")).json()) as { code: number; reason: string; wasClean: boolean }[];

test("the worker's first message arrives right after accept, then text and binary frames echo", async () => {
  const socket = await openSocket(`${wsUrl}/echo`);
  expect(await socket.message(0)).toBe("hello v1");
  socket.ws.send("ping");
  expect(await socket.message(1)).toBe("echo:ping");
  socket.ws.send(Buffer.from([1, 2, 3]));
  expect([...((await socket.message(2)) as Buffer)]).toEqual([3, 2, 1]);
  socket.ws.close();
});

test("a close code and reason from the client reach the worker", async () => {
  const socket = await openSocket(`${wsUrl}/echo`);
  await socket.message(0);
  socket.ws.close(4000, "client bye");
  expect(await socket.closed).toEqual({ code: 4000, reason: "client bye" });
  await until(async () => (await closes()).some((c) => c.code === 4000));
  expect((await closes()).find((c) => c.code === 4000)).toEqual({ code: 4000, reason: "client bye", wasClean: true });
});

test("a close code and reason from the worker reach the client", async () => {
  const socket = await openSocket(`${wsUrl}/echo`);
  await socket.message(0);
  socket.ws.send("close-me");
  expect(await socket.closed).toEqual({ code: 4001, reason: "bye from worker" });
});

test("a client that vanishes is a 1006 close in the worker", async () => {
  const before = (await closes()).filter((c) => c.code === 1006).length;
  const socket = await openSocket(`${wsUrl}/echo`);
  await socket.message(0);
  socket.ws.terminate();
  await until(async () => (await closes()).filter((c) => c.code === 1006).length > before);
  expect((await closes()).findLast((c) => c.code === 1006)).toMatchObject({ code: 1006, wasClean: false });
});

test("the 101's headers reach the client: Set-Cookie and the chosen subprotocol", async () => {
  const socket = await openSocket(`${wsUrl}/echo`, ["chat.v2", "chat.v1"]);
  expect(socket.upgradeHeaders["set-cookie"]).toEqual(["session=ws; Path=/"]);
  expect(socket.ws.protocol).toBe("chat.v2");
  socket.ws.close();
});

test("a non-101 answer to an upgrade is sent back as an HTTP response", async () => {
  const error = (await openSocket(`${wsUrl}/not-ws`).catch((e) => e)) as Error & { res?: import("node:http").IncomingMessage };
  expect(error.res?.statusCode).toBe(403);
  expect(error.res?.headers["x-reason"]).toBe("denied");
  const chunks: Buffer[] = [];
  for await (const chunk of error.res!) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe("no websocket for you");
});

test("Response rejects status 101 without a webSocket, as Node's does", async () => {
  expect(await (await server.fetch("/response-101")).text()).toMatch(/^RangeError: /);
});

test("the worker opens outbound WebSockets with fetch() and with new WebSocket()", async () => {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (ws) => ws.on("message", (data) => ws.send(`remote got ${data.toString()}`)));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const target = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  try {
    expect(await (await server.fetch(`/outbound?target=${encodeURIComponent(target)}`)).text()).toBe("remote got from-fetch");
    expect(await (await server.fetch(`/outbound-global?target=${encodeURIComponent(target)}`)).text()).toBe(
      "remote got from-constructor",
    );
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => http.close(resolve));
  }
});

test("Vite's HMR socket still works next to the worker's WebSockets", async () => {
  const user = await openSocket(`${wsUrl}/echo`);
  const hmr = await openSocket(`${wsUrl}/`, "vite-hmr");
  expect(JSON.parse(String(await hmr.message(0)))).toMatchObject({ type: "connected" });
  expect(await user.message(0)).toBe("hello v1");
  hmr.ws.close();
  user.ws.close();
});

// Last: it edits the fixture.
test("a reload closes the old generation's sockets with 1012 and the client reconnects to the new code", async () => {
  const socket = await openSocket(`${wsUrl}/echo`);
  expect(await socket.message(0)).toBe("hello v1");
  server.edit("src/index.ts", 'const version = "v1"', 'const version = "v2"');
  expect(await socket.closed).toEqual({ code: 1012, reason: "Service Restart" });
  const again = await openSocket(`${wsUrl}/echo`);
  expect(await again.message(0)).toBe("hello v2");
  again.ws.close();
  expect(WebSocket.OPEN).toBe(1);
});
