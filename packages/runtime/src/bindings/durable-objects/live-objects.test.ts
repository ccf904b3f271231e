import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { MessagePort } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import type { HibernationChange, ObjectAddress, WireResponse } from "../../protocol/messages.js";
import { RpcEndpoint } from "../../rpc/endpoint.js";
import { Response } from "../../web/upgrade-response.js";
import type { WebSocket } from "../../web/web-socket.js";
import { WebSocketPair } from "../../web/web-socket-pair.js";
import type { DurableObjectState } from "./state.js";
import { createOwnedTimers } from "../../thread/owned-timers.js";
import { DurableObject } from "../../rpc/targets.js";
import type { WebSocketFrame } from "../../protocol/messages.js";
import { LiveObjects, type ObjectsHostLink } from "./live-objects.js";

type Told =
  | { type: "object-released"; key: string; delivered: number }
  | { type: "alarm-set"; address: ObjectAddress; time: number | null }
  | { type: "hibernation"; address: ObjectAddress; change: HibernationChange };

/** What the table tells the host, recorded in order. */
function recordingHost(told: Told[]): ObjectsHostLink {
  return {
    released: (key, delivered) => void told.push({ type: "object-released", key, delivered }),
    alarmSet: (address, time) => void told.push({ type: "alarm-set", address, time }),
    hibernation: (address, change) => void told.push({ type: "hibernation", address, change }),
  };
}

const noCalls = () => Promise.reject(new Error("no host in this test"));

const ports: MessagePort[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function stateDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-live-objects-"));
  dirs.push(dir);
  return dir;
}

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
  const posted: Told[] = [];
  const endpoint = new RpcEndpoint({ worker: "app", generation: 1, call: noCalls, isRpcTarget: () => false });
  const host = new LiveObjects({
    worker: "app",
    classes: [{ className: "Room", sqlite: true, storageName: "Room" }],
    getClass: () => Room,
    env: {},
    persist: stateDir(),
    host: recordingHost(posted),
    track: () => {},
    execute: (receiver, operation) => endpoint.execute(receiver, operation),
    fail: (error) => endpoint.failure(error),
    idleTimeout: 5,
    pendingIoKeepsAlive: true,
    deleteAllDeletesAlarm: true,
    onChange: () => {},
  });
  const address = { kind: "object" as const, worker: "app", storageName: "Room", id: "b".repeat(64) };
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

const timers = createOwnedTimers();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A host of one class, idle timeout 5 ms; `released` counts the instances it let go. */
function hostOf(Class: unknown, pendingIoKeepsAlive = true) {
  const posted: Told[] = [];
  const endpoint = new RpcEndpoint({ worker: "app", generation: 1, call: noCalls, isRpcTarget: () => true });
  const host = new LiveObjects({
    worker: "app",
    classes: [{ className: "C", sqlite: true, storageName: "C" }],
    getClass: () => Class,
    env: {},
    persist: stateDir(),
    host: recordingHost(posted),
    track: () => {},
    execute: (receiver, operation) => endpoint.execute(receiver, operation),
    fail: (error) => endpoint.failure(error),
    idleTimeout: 5,
    pendingIoKeepsAlive,
    deleteAllDeletesAlarm: true,
    onChange: () => {},
  });
  const address = { kind: "object" as const, worker: "app", storageName: "C", id: "c".repeat(64) };
  return {
    host,
    call: (path: string, args: unknown[] = []) => host.deliver(address, { op: "call", path: [path], args }, true),
    fetch: () =>
      host.deliver(address, { op: "fetch", request: { method: "GET", url: "http://o/", headers: [], body: null } }, true),
    released: () => posted.filter((m) => m.type === "object-released").length,
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await sleep(5);
  expect(check()).toBe(true);
}

test("a pending timer keeps an object past the idle timeout; once it fired, the object is evicted", async () => {
  const fired: { live: number; released: number }[] = [];
  let probe: ReturnType<typeof hostOf>;
  class Waiter extends DurableObject {
    wait() {
      timers.setTimeout(() => fired.push({ live: probe.host.size, released: probe.released() }), 100);
    }
  }
  probe = hostOf(Waiter);
  await probe.call("wait");
  await until(() => probe.released() === 1);
  expect(fired).toEqual([{ live: 1, released: 0 }]);
});

test("with a compatibility date before 2026-10-01 a pending timer does not keep the object; eviction clears it", async () => {
  let fired = 0;
  class Waiter extends DurableObject {
    wait() {
      timers.setTimeout(() => fired++, 1_000);
    }
  }
  const probe = hostOf(Waiter, false);
  await probe.call("wait");
  await until(() => probe.released() === 1);
  await sleep(1_200);
  expect(fired).toBe(0);
});

test("code an evicted instance left behind gets Kindling's error from its storage, and never a second writer", async () => {
  let resume!: () => void;
  const outcome: unknown[] = [];
  class Leaver extends DurableObject {
    leave() {
      // Nothing awaits this: it outlives the event, and the instance.
      void new Promise<void>((resolve) => (resume = resolve))
        .then(() => (this.ctx as DurableObjectState).storage.put("late", 1))
        .then(
          () => outcome.push("written"),
          (error: Error) => outcome.push(error.message.replace(/C\/c+/, "C/<id>")),
        );
    }
  }
  const probe = hostOf(Leaver);
  await probe.call("leave");
  await until(() => probe.released() === 1);
  resume();
  await until(() => outcome.length === 1);
  expect(outcome[0]).toMatchInlineSnapshot(
    `"[kindling] Durable Object C/<id> was evicted after 0.005 s without events, so code it left running (a promise that nothing awaited) can no longer use its storage. Await that work in the event, or pass it to ctx.waitUntil(), so that the object stays in memory until it ends."`,
  );
});

test("a draining generation lets go of an object that only holds an accepted socket: its listener stays silent, the peer gets 1012", async () => {
  const heard: string[] = [];
  class Chat {
    fetch() {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (event) => heard.push(String((event as MessageEvent).data)));
      return new Response(null, { status: 101, webSocket: client });
    }
  }
  const probe = hostOf(Chat);
  const { response } = (await probe.fetch()) as { response: WireResponse };
  const port = response.webSocket!;
  ports.push(port);
  const frames: WebSocketFrame[] = [];
  port.on("message", (frame: WebSocketFrame) => frames.push(frame));
  port.postMessage({ type: "message", data: "before" } satisfies WebSocketFrame);
  await until(() => heard.length === 1);
  await sleep(50);
  expect(probe.released()).toBe(0); // the open socket keeps it past the idle timeout

  probe.host.drain();
  expect(probe.released()).toBe(1);
  await until(() => frames.length === 1);
  expect(frames).toEqual([{ type: "close", code: 1012, reason: "Service Restart", wasClean: true }]);
  port.postMessage({ type: "message", data: "after" } satisfies WebSocketFrame);
  await sleep(50);
  expect(heard).toEqual(["before"]);
});
