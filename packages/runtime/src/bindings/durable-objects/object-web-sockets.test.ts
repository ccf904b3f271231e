import type { MessagePort } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import type { HibernationChange, WebSocketFrame } from "../../protocol/messages.js";
import { WebSocket } from "../../web/web-socket.js";
import { WebSocketPair } from "../../web/web-socket-pair.js";
import { isHibernatablePort, toWebSocketPort } from "../../web/web-socket-port.js";
import { WebSocketRequestResponsePair } from "../../web/web-socket-request-response-pair.js";
import { ObjectWebSockets } from "./object-web-sockets.js";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

function table() {
  const changes: HibernationChange[] = [];
  const sockets = new ObjectWebSockets((change) => {
    changes.push(change);
    if (change.type === "accept") ports.push(change.port);
  });
  return { sockets, changes };
}

function nextFrame(port: MessagePort): Promise<WebSocketFrame> {
  return new Promise((resolve) => port.once("message", resolve));
}

test("the accepted socket's client end hands over the host's channel; frames cross it both ways", async () => {
  const { sockets, changes } = table();
  const { 0: client, 1: server } = new WebSocketPair();
  server.serializeAttachment({ user: "ann" });
  sockets.accept(server, ["room:1", "admin", "room:1"]);
  const accept = changes[0] as Extract<HibernationChange, { type: "accept" }>;
  expect(accept).toMatchObject({ type: "accept", tags: ["room:1", "admin"] });
  // An attachment set before acceptWebSocket() is reported too.
  expect(changes[1]).toMatchObject({ type: "attachment", socket: accept.socket });

  const port = toWebSocketPort(client);
  ports.push(port);
  expect(isHibernatablePort(port)).toBe(true);
  accept.port.postMessage({ type: "message", data: "to the client" }, []);
  expect(await nextFrame(port)).toEqual({ type: "message", data: "to the client" });

  server.send("from the object");
  expect(changes.at(-1)).toEqual({
    type: "send",
    socket: accept.socket,
    frame: { type: "message", data: "from the object" },
  });
  expect(sockets.get()).toEqual([server]);
  expect(sockets.tagsOf(server)).toEqual(["room:1", "admin"]);
});

test("acceptWebSocket checks the socket and its tags with workerd's errors", () => {
  const { sockets } = table();
  const accepted = new WebSocketPair();
  accepted[1].accept();
  expect(() => sockets.accept(accepted[1])).toThrowErrorMatchingInlineSnapshot(
    `[Error: Cannot call \`acceptWebSocket()\` if the WebSocket was already accepted via \`accept()\`]`,
  );
  expect(() => sockets.accept(accepted[0])).toThrowErrorMatchingInlineSnapshot(
    `[Error: Cannot call \`acceptWebSocket()\` on this WebSocket because its pair has already been accepted or used in a Response.]`,
  );
  const tags = Array.from({ length: 11 }, (_, i) => `t${i}`);
  expect(() => sockets.accept(new WebSocketPair()[1], tags)).toThrowErrorMatchingInlineSnapshot(
    `[Error: a Hibernatable WebSocket cannot have more than 10 tags]`,
  );
  expect(() => sockets.accept(new WebSocketPair()[1], ["x".repeat(257)])).toThrow(
    /^"x+" is longer than the max tag length \(256 characters\)\.$/,
  );
  expect(() => sockets.accept({} as WebSocket)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Failed to execute 'acceptWebSocket' on 'DurableObjectState': parameter 1 is not of type 'WebSocket'.]`,
  );
  expect(() => sockets.tagsOf(accepted[1])).toThrowErrorMatchingInlineSnapshot(
    `[Error: only hibernatable websockets can have tags.]`,
  );
  expect(() => sockets.tagsOf(new WebSocketPair()[1])).toThrowErrorMatchingInlineSnapshot(
    `[Error: you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.]`,
  );
  expect(sockets.get()).toEqual([]);
});

test("getWebSockets lists the newest first, and by tag in acceptance order", () => {
  const { sockets } = table();
  const [a, b, c] = [new WebSocketPair()[1], new WebSocketPair()[1], new WebSocketPair()[1]];
  sockets.accept(a, ["red"]);
  sockets.accept(b, ["blue"]);
  sockets.accept(c, ["red"]);
  expect(sockets.get()).toEqual([c, b, a]);
  expect(sockets.get("red")).toEqual([a, c]);
  expect(sockets.get("green")).toEqual([]);
});

test("an attachment over 16 KiB throws Cloudflare's error and keeps the previous value", () => {
  const { 1: server } = new WebSocketPair();
  server.serializeAttachment({ n: 1 });
  expect(() => server.serializeAttachment("x".repeat(16_379))).not.toThrow();
  expect(() => server.serializeAttachment("x".repeat(16_380))).toThrowErrorMatchingInlineSnapshot(
    `[Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was 16385 bytes.]`,
  );
  expect(server.deserializeAttachment()).toBe("x".repeat(16_379));
  expect(() => server.serializeAttachment(() => 1)).toThrow(expect.objectContaining({ name: "DataCloneError" }));
  const fresh = new WebSocketPair()[1];
  expect(fresh.deserializeAttachment()).toBeNull();
  fresh.serializeAttachment(new Map([["k", new Date(7)]]));
  expect(fresh.deserializeAttachment()).toEqual(new Map([["k", new Date(7)]]));
});

test("auto-response pairs and event timeouts: limits with workerd's errors", () => {
  const { sockets, changes } = table();
  expect(sockets.getAutoResponse()).toBeNull();
  sockets.setAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  expect(sockets.getAutoResponse()).toMatchObject({ request: "ping", response: "pong" });
  expect(changes.at(-1)).toEqual({ type: "auto-response", pair: { request: "ping", response: "pong" } });
  expect(() =>
    sockets.setAutoResponse(new WebSocketRequestResponsePair("é".repeat(1025), "x")),
  ).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: Request cannot be larger than 2048 bytes. A request of size 2050 was provided.]`,
  );
  expect(() => sockets.setAutoResponse({ request: "a", response: "b" } as never)).toThrow(TypeError);
  sockets.setAutoResponse();
  expect(sockets.getAutoResponse()).toBeNull();

  sockets.setEventTimeout(5_000);
  expect(sockets.eventTimeout).toBe(5_000);
  expect(() => sockets.setEventTimeout(604_800_001)).toThrowErrorMatchingInlineSnapshot(
    `[Error: Event timeout should not exceed 604800000 ms.]`,
  );
  sockets.setEventTimeout(0);
  expect(sockets.eventTimeout).toBeNull();
});

test("a generation that hosts the object later sees its sockets with tags, attachment and auto-response time", () => {
  const { sockets, changes } = table();
  sockets.load({
    sockets: [
      { id: "s1", tags: ["a"], attachment: null, closedOutgoing: false, autoResponseTimestamp: null },
      { id: "s2", tags: [], attachment: null, closedOutgoing: true, autoResponseTimestamp: 1_000 },
    ],
    autoResponse: { request: "ping", response: "pong" },
    eventTimeout: null,
  });
  const [s2, s1] = sockets.get();
  expect(sockets.get("a")).toEqual([s1]);
  expect(sockets.timestampOf(s2!)).toEqual(new Date(1_000));
  expect(sockets.timestampOf(s1!)).toBeNull();
  sockets.autoResponded("s1", 2_000);
  expect(sockets.timestampOf(s1!)).toEqual(new Date(2_000));
  expect(sockets.getAutoResponse()?.response).toBe("pong");
  // The object closed s2 before it hibernated: send() still throws after the wake.
  expect(() => s2!.send("x")).toThrowErrorMatchingInlineSnapshot(`[TypeError: Can't call WebSocket send() after close().]`);
  s1!.send("hi");
  expect(changes).toEqual([{ type: "send", socket: "s1", frame: { type: "message", data: "hi" } }]);
  sockets.remove("s1");
  expect(sockets.get()).toEqual([s2]);
});
