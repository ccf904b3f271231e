import { expect, test } from "vitest";
import { WebSocketPair } from "./web-socket-pair.js";
import { Response } from "./upgrade-response.js";
import { toWebSocketPort } from "./web-socket-port.js";
import { webSocketInternals, type WebSocket } from "./web-socket.js";

function nextEvent(
  socket: WebSocket,
  type: "message" | "close",
): Promise<Event & { data?: unknown; code?: number; reason?: string }> {
  return new Promise((resolve) => socket.addEventListener(type, (event) => resolve(event as never), { once: true }));
}

test("send() before accept() throws workerd's error", () => {
  const { 1: server } = new WebSocketPair();
  expect(() => server.send("x")).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.]`,
  );
});

test("messages sent before the peer accepts are delivered once it does", async () => {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.send("early");
  server.send(new Uint8Array([1, 2]));
  const received: unknown[] = [];
  client.addEventListener("message", (event) => received.push((event as MessageEvent).data));
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(received).toEqual([]);
  client.accept();
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(received[0]).toBe("early");
  expect([...new Uint8Array(received[1] as ArrayBuffer)]).toEqual([1, 2]);
});

test("close() reaches the peer with its code and reason, and the peer's automatic reply closes both", async () => {
  const { 0: client, 1: server } = new WebSocketPair();
  client.accept();
  server.accept();
  const clientClosed = nextEvent(client, "close");
  const serverClosed = nextEvent(server, "close");
  server.close(4001, "bye");
  expect(server.readyState).toBe(2);
  expect(await clientClosed).toMatchObject({ code: 4001, reason: "bye", wasClean: true });
  expect(await serverClosed).toMatchObject({ code: 4001, reason: "bye" });
  expect([client.readyState, server.readyState]).toEqual([3, 3]);
  expect(() => server.send("late")).toThrowErrorMatchingInlineSnapshot(`[TypeError: Can't call WebSocket send() after close().]`);
});

test("close() validates the code and the reason as workerd does", () => {
  const { 1: server } = new WebSocketPair();
  server.accept();
  expect(() => server.close(1006)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Invalid WebSocket close code: 1006.]`);
  expect(() => server.close(undefined, "why")).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: If you specify a WebSocket close reason, you must also specify a code.]`,
  );
});

test("a Response accepts status 101 with a webSocket and stays a Response", () => {
  const { 0: client } = new WebSocketPair();
  const response = new Response(null, { status: 101, webSocket: client, headers: { "set-cookie": "a=1" } });
  expect([response.status, response.ok, response.webSocket === client]).toEqual([101, false, true]);
  expect(response.headers.get("set-cookie")).toBe("a=1");
  expect(Response.json({}) instanceof Response).toBe(true);
  expect(new Response("x").webSocket).toBe(null);
  expect(() => new Response(null, { status: 200, webSocket: client })).toThrow(RangeError);
});

test("only an unaccepted end can be returned in a response", () => {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  expect(() => toWebSocketPort(server)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Can't return WebSocket in a Response after calling accept().]`,
  );
  const port = toWebSocketPort(client);
  expect(() => toWebSocketPort(client)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Can't return WebSocket that was already used in a response.]`,
  );
  expect(() => client.accept()).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Can't accept() WebSocket that was already used in a response.]`,
  );
  port.close();
});

test("frames sent before the port is read wait in the port, in order", async () => {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  server.send("first");
  const port = toWebSocketPort(client);
  server.send("second");
  const frames: unknown[] = [];
  await new Promise<void>((resolve) => {
    port.on("message", (frame) => (frames.push(frame), frames.length === 2 && resolve()));
  });
  expect(frames).toEqual([
    { type: "message", data: "first" },
    { type: "message", data: "second" },
  ]);
  const closed = nextEvent(server, "close");
  port.close();
  expect(await closed).toMatchObject({ code: 1006, wasClean: false });
});

test("both ends show workerd's empty protocol and extensions, and no url", () => {
  const { 0: client, 1: server } = new WebSocketPair();
  for (const socket of [client, server]) {
    expect([socket.protocol, socket.extensions, socket.url, socket.readyState]).toEqual(["", "", null, 1]);
  }
});

test("binaryType defaults by the compatibility flag and says how binary messages arrive", async () => {
  expect(new WebSocketPair()[0].binaryType).toBe("arraybuffer");
  webSocketInternals.setDefaultBinaryType("blob");
  try {
    const { 0: client, 1: server } = new WebSocketPair();
    expect(client.binaryType).toBe("blob");
    client.accept();
    server.accept();
    const asBlob = nextEvent(client, "message");
    server.send(new Uint8Array([1, 2]));
    const blob = (await asBlob).data as Blob;
    expect([blob instanceof Blob, [...new Uint8Array(await blob.arrayBuffer())]]).toEqual([true, [1, 2]]);
    client.binaryType = "bogus" as BinaryType;
    expect(client.binaryType).toBe("blob");
    client.binaryType = "arraybuffer";
    const asBuffer = nextEvent(client, "message");
    server.send(new Uint8Array([3]));
    expect((await asBuffer).data).toBeInstanceOf(ArrayBuffer);
    const asText = nextEvent(client, "message");
    server.send("text");
    expect((await asText).data).toBe("text");
  } finally {
    webSocketInternals.setDefaultBinaryType("arraybuffer");
  }
});
