/**
 * Durable Objects stay in memory while in use and are evicted when idle (idle timeout set to 1 s
 * for the test; production's is 70 s): an accepted WebSocket, an outbound WebSocket or a pending
 * timer keeps one instance, whatever the time without events.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { WebSocketServer } from "ws";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { openSocket } from "./helpers/ws-client.js";

const idleTimeout = 1_000;
let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("do-liveness", { env: { KINDLING_DO_IDLE_TIMEOUT_MS: String(idleTimeout) } });
});
afterAll(() => server?.stop());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stats = async (path: string) => (await (await server.fetch(path)).json()) as Record<string, number>;
const wsUrl = (path: string) => server.url.replace("http", "ws") + path;

test("an object idle for the timeout is evicted: the next call constructs it again", async () => {
  expect(await stats("/chat/stats?name=idle")).toEqual({ constructions: 1, messages: 0 });
  await sleep(3 * idleTimeout);
  expect(await stats("/chat/stats?name=idle")).toEqual({ constructions: 2, messages: 0 });
});

test("an accepted WebSocket with only socket traffic keeps one instance past the idle timeout; closed, the object is evicted", async () => {
  const socket = await openSocket(wsUrl("/chat/connect?name=talk"));
  const sent = 4 * (idleTimeout / 250);
  for (let i = 0; i < sent; i++) {
    socket.ws.send(`m${i}`);
    await sleep(250);
  }
  await socket.message(sent - 1);
  // One instance answered them all: its in-memory count never restarted.
  expect(socket.messages).toEqual(Array.from({ length: sent }, (_, i) => `${i + 1} m${i}`));
  expect(await stats("/chat/stats?name=talk")).toEqual({ constructions: 1, messages: sent });

  socket.ws.close();
  await socket.closed;
  await sleep(3 * idleTimeout);
  expect(await stats("/chat/stats?name=talk")).toEqual({ constructions: 2, messages: sent });
});

test("a hibernatable object holding an outbound WebSocket is not evicted, and dials upstream once", async () => {
  const http = createServer();
  const upstream = new WebSocketServer({ server: http });
  let connections = 0;
  upstream.on("connection", (ws) => {
    connections++;
    let tick = 0;
    const timer = setInterval(() => ws.send(`tick ${tick++}`), 200);
    ws.on("message", (data) => ws.send(`echo ${data.toString()}`));
    ws.on("close", () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  try {
    const target = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const socket = await openSocket(wsUrl(`/relay/connect?name=relay&upstream=${encodeURIComponent(target)}`));
    // Only upstream traffic reaches the object (no events) for three idle timeouts.
    await sleep(3 * idleTimeout);
    socket.ws.send("hello");
    await until(() => socket.messages.includes("upstream: echo hello"));
    expect(socket.messages.filter((m) => String(m).startsWith("upstream: tick")).length).toBeGreaterThan(5);
    expect(connections).toBe(1);
    expect(await stats("/relay/stats?name=relay")).toEqual({ constructions: 1 });
    socket.ws.close();
  } finally {
    for (const client of upstream.clients) client.terminate();
    await new Promise((resolve) => http.close(resolve));
  }
});

test("a pending setInterval keeps the object (compatibility date 2026-11-01); cleared, the object is evicted", async () => {
  await server.fetch("/ticker/start?name=tick");
  await sleep(3 * idleTimeout);
  const running = await stats("/ticker/stats?name=tick");
  expect(running.constructions).toBe(1);
  expect(running.ticks).toBeGreaterThan(10);
  await server.fetch("/ticker/stop?name=tick");
  await sleep(3 * idleTimeout);
  expect(await stats("/ticker/stats?name=tick")).toEqual({ constructions: 2, ticks: 0 });
});
