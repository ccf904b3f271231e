import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import type { HibernationUpdate, RpcAddress, RpcOperation, RpcOutcome, WebSocketFrame } from "../protocol/messages.js";
import { encodeFailure } from "../protocol/rpc-codec.js";
import { HibernatableWebSockets } from "./hibernatable-web-sockets.js";
import type { GenerationLink } from "./durable-object-directory.js";

const address: RpcAddress & { kind: "object" } = { kind: "object", worker: "app", storageName: "Room", id: "a".repeat(64) };
const open: { service: HibernatableWebSockets; client: MessagePort }[] = [];
afterEach(() => {
  for (const { service, client } of open.splice(0)) {
    service.close();
    client.close();
  }
});

/** A generation as the host sees it: it records what the host tells it. */
function link(id: number): GenerationLink & { posted: { type: "hibernation"; key: string; update: HibernationUpdate }[] } {
  const posted: { type: "hibernation"; key: string; update: HibernationUpdate }[] = [];
  return {
    id,
    posted,
    rpc: () => Promise.reject(new Error("no calls in this test")),
    hibernation: (key, update) => void posted.push({ type: "hibernation", key, update }),
  };
}

/** The service with one accepted socket; `client` stands for the browser's end (the bridge's port). */
function setup(answer: (operation: RpcOperation) => Promise<RpcOutcome> = async () => ({ ok: true, value: undefined })) {
  const calls: RpcOperation[] = [];
  const errors: string[] = [];
  const service = new HibernatableWebSockets({
    call: (_address, operation) => (calls.push(operation), answer(operation)),
    onError: (message) => errors.push(message),
    now: () => 1_234,
  });
  const { port1: host, port2: client } = new MessageChannel();
  const gen1 = link(1);
  service.onChange(gen1, address, { type: "accept", socket: "s1", tags: ["t"], port: host });
  open.push({ service, client });
  const received: WebSocketFrame[] = [];
  client.on("message", (frame: WebSocketFrame) => received.push(frame));
  return { service, client, gen1, calls, errors, received };
}

/** Waits until `check` holds (port messages arrive on later turns of the event loop). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

test("client messages become webSocketMessage events, one at a time and in order", async () => {
  let release!: () => void;
  const first = new Promise<void>((resolve) => (release = resolve));
  const { client, calls } = setup(async (operation) => {
    if (operation.op === "websocket" && operation.event.type === "message" && operation.event.data === "one") await first;
    return { ok: true, value: undefined };
  });
  client.postMessage({ type: "message", data: "one" }, []);
  client.postMessage({ type: "message", data: "two" }, []);
  await until(() => calls.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls).toHaveLength(1);
  release();
  await until(() => calls.length === 2);
  expect(calls).toEqual([
    { op: "websocket", socket: "s1", event: { type: "message", data: "one" } },
    { op: "websocket", socket: "s1", event: { type: "message", data: "two" } },
  ]);
});

test("the auto-response is answered on the host, without an event, and its time reaches the generation", async () => {
  const { service, client, gen1, calls, received } = setup();
  service.onChange(gen1, address, { type: "auto-response", pair: { request: "ping", response: "pong" } });
  client.postMessage({ type: "message", data: "ping" }, []);
  await until(() => received.length === 1);
  expect(received).toEqual([{ type: "message", data: "pong" }]);
  expect(calls).toEqual([]);
  expect(gen1.posted).toEqual([
    { type: "hibernation", key: `Room/${address.id}`, update: { type: "auto-responded", socket: "s1", time: 1_234 } },
  ]);
});

test("a generation new to the object gets its sockets once, before its first call", () => {
  const { service, gen1 } = setup();
  service.onChange(gen1, address, { type: "attachment", socket: "s1", attachment: new Uint8Array([1, 2]) });
  service.onChange(gen1, address, {
    type: "send",
    socket: "s1",
    frame: { type: "close", code: 1000, reason: "", wasClean: true },
  });
  service.beforeCall(gen1, address);
  expect(gen1.posted).toEqual([]);
  const gen2 = link(2);
  service.beforeCall(gen2, address);
  service.beforeCall(gen2, address);
  expect(gen2.posted).toEqual([
    {
      type: "hibernation",
      key: `Room/${address.id}`,
      update: {
        type: "sync",
        state: {
          sockets: [
            { id: "s1", tags: ["t"], attachment: new Uint8Array([1, 2]), closedOutgoing: true, autoResponseTimestamp: null },
          ],
          autoResponse: null,
          eventTimeout: null,
        },
      },
    },
  ]);
});

test("the client's close is the socket's last event; a vanished client is a 1006 close", async () => {
  const { service, client, calls } = setup();
  client.postMessage({ type: "close", code: 4000, reason: "bye", wasClean: true }, []);
  await until(() => service.count(address) === 0);
  expect(calls).toEqual([{ op: "websocket", socket: "s1", event: { type: "close", code: 4000, reason: "bye", wasClean: true } }]);

  const other = setup();
  other.client.close();
  await until(() => other.calls.length === 1);
  expect(other.calls).toEqual([
    {
      op: "websocket",
      socket: "s1",
      event: { type: "close", code: 1006, reason: "WebSocket disconnected without sending Close frame.", wasClean: false },
    },
  ]);
});

test("a failing handler is reported and the socket stays open", async () => {
  const { service, client, errors } = setup(async () => ({ ok: false, error: encodeFailure(new Error("boom")) }));
  client.postMessage({ type: "message", data: "x" }, []);
  await until(() => errors.length === 1);
  expect(errors[0]).toMatch(/^\[kindling\] webSocketMessage\(\) of Durable Object Room\/a{64} threw: Error: boom/);
  expect(service.count(address)).toBe(1);
});

test("a close the client did not finish cleanly (a protocol error) is a webSocketError, the socket's last event", async () => {
  const { service, client, calls } = setup();
  client.postMessage({ type: "close", code: 1002, reason: "Invalid WebSocket frame: invalid opcode 5", wasClean: false }, []);
  await until(() => service.count(address) === 0);
  expect(calls).toEqual([
    { op: "websocket", socket: "s1", event: { type: "error", message: "Invalid WebSocket frame: invalid opcode 5" } },
  ]);
});
