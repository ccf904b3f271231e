import type { MessagePort } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import type { HibernationChange, ThreadMessage, WireResponse } from "../../protocol/messages.js";
import { RpcEndpoint } from "../../rpc/endpoint.js";
import { Response } from "../../thread/response.js";
import type { WebSocket } from "../../thread/web-socket.js";
import { WebSocketPair } from "../../thread/websocket-pair.js";
import type { DurableObjectState } from "./state.js";
import { ObjectHost } from "./object-host.js";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

let constructions = 0;
const seen: unknown[] = [];

class Room {
  ctx: DurableObjectState;
  constructor(ctx: DurableObjectState) {
    this.ctx = ctx;
    constructions++;
  }

  fetch(): Response {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, ["lobby"]);
    server.serializeAttachment({ user: "ann" });
    return new Response(null, { status: 101, webSocket: client });
  }

  webSocketMessage(ws: WebSocket, message: string) {
    seen.push({ message, sockets: this.ctx.getWebSockets("lobby").length, attachment: ws.deserializeAttachment() });
    ws.send(`echo ${message}`);
  }
}

test("idle eviction drops the instance, not its hibernatable socket: the next message wakes a new one that sees it", async () => {
  const posted: ThreadMessage[] = [];
  const endpoint = new RpcEndpoint({ generation: 1, post: () => {}, isRpcTarget: () => false });
  const host = new ObjectHost({
    descriptors: [{ type: "durable_object_namespace", name: "ROOM", className: "Room", sqlite: true, storageName: "Room" }],
    getClass: () => Room,
    env: {},
    persist: false,
    post: (message) => void posted.push(message),
    track: () => {},
    execute: (receiver, operation) => endpoint.execute(receiver, operation),
    fail: (error) => endpoint.failure(error),
    idleTimeout: 5,
    onChange: () => {},
  });
  const address = { kind: "object" as const, storageName: "Room", id: "b".repeat(64) };
  const request = { method: "GET", url: "http://room/", headers: [], body: null };
  const outcome = await host.deliver(address, { op: "fetch", request }, true);
  const response = (outcome as { response: WireResponse }).response;
  ports.push(response.webSocket!);
  expect(response).toMatchObject({ status: 101, hibernatable: true });
  const changes = posted.flatMap((m) => (m.type === "hibernation" ? [m.change] : []));
  const accept = changes[0] as Extract<HibernationChange, { type: "accept" }>;
  ports.push(accept.port);
  expect(changes.map((c) => c.type)).toEqual(["accept", "attachment"]);

  for (let i = 0; i < 200 && !posted.some((m) => m.type === "object-released"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(host.size).toBe(0);

  const event = { type: "message" as const, data: "hi" };
  expect(await host.deliver(address, { op: "websocket", socket: accept.socket, event }, true)).toEqual({
    ok: true,
    value: undefined,
  });
  expect(constructions).toBe(2);
  expect(seen).toEqual([{ message: "hi", sockets: 1, attachment: { user: "ann" } }]);
  expect(posted.at(-1)).toMatchObject({
    type: "hibernation",
    change: { type: "send", socket: accept.socket, frame: { type: "message", data: "echo hi" } },
  });
});
