/** Hibernatable WebSockets (ctx.acceptWebSocket) under `vite dev`: the host keeps them open across edits. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { openSocket, type OpenSocket } from "./helpers/ws-client.js";

let server: DevServer;
let wsUrl: string;
let version = 1;

beforeAll(async () => {
  server = await startDevServer("hibernation");
  wsUrl = server.url.replace("http:", "ws:");
});
afterAll(() => server?.stop());

interface Stats {
  constructions: string[];
  messages: string[];
  closes: { code: number; reason: string; wasClean: boolean; user: string; version: string }[];
  sockets: number;
}
const stats = async (name: string) => (await (await server.fetch(`/stats?name=${name}`)).json()) as Stats;

/** Edits the worker and waits until the new generation serves requests. */
async function edit(): Promise<string> {
  const next = `v${++version}`;
  server.write("src/version.ts", `export const version = "${next}";\n`);
  await until(async () => (await (await server.fetch("/version")).text()) === next, 20_000);
  return next;
}

async function reply(socket: OpenSocket, message: string): Promise<string> {
  const index = socket.messages.length;
  socket.ws.send(message);
  return String(await socket.message(index));
}

test("a hibernated socket survives an edit; the new code answers with its attachment and tags intact", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=survive&user=alice&tags=a,b,a`);
  expect(await socket.message(0)).toBe("welcome v1");
  expect(await reply(socket, "hello")).toBe("v1 echo hello");
  const next = await edit();
  expect(JSON.parse(await reply(socket, "whoami"))).toEqual({
    version: next,
    attachment: { user: "alice", joinedIn: "v1" },
    tags: ["a", "b"],
    sockets: 1,
    sameSocket: true,
    autoResponse: "pong",
    autoResponded: false,
    moduleExport: false,
  });
  expect(await reply(socket, "again")).toBe(`${next} echo again`);
  expect((await stats("survive")).constructions).toEqual(["v1", next]);
  expect(socket.ws.readyState).toBe(socket.ws.OPEN);
  socket.ws.close();
});

test("the auto-response is answered by the host without waking the object", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=auto&user=bob`);
  const first = await socket.message(0);
  expect(first).toBe(`welcome v${version}`);
  await edit();
  // The object now lives nowhere: its generation retired. Pings must not bring it back.
  for (let i = 0; i < 3; i++) expect(await reply(socket, "ping")).toBe("pong");
  const last = await edit();
  const whoami = JSON.parse(await reply(socket, "whoami")) as { autoResponded: boolean; version: string };
  expect(whoami).toMatchObject({ autoResponded: true, version: last });
  const { constructions, messages } = await stats("auto");
  // Constructed where it accepted the socket and where "whoami" woke it: never for the pings.
  expect(constructions).toEqual([String(first).slice("welcome ".length), last]);
  expect(messages).toEqual([`${last}:whoami`]);
  socket.ws.close();
});

test("webSocketClose gets the client's code and reason; the socket leaves getWebSockets()", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=closing&user=carol`);
  await socket.message(0);
  socket.ws.close(4000, "client done");
  expect(await socket.closed).toEqual({ code: 4000, reason: "client done" });
  await until(async () => (await stats("closing")).closes.length > 0);
  const after = await stats("closing");
  expect(after.closes).toEqual([{ code: 4000, reason: "client done", wasClean: true, user: "carol", version: `v${version}` }]);
  expect(after.sockets).toBe(0);
});

test("ws.close() from the object reaches the client; its answer is a webSocketClose", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=object-closes&user=dave`);
  await socket.message(0);
  socket.ws.send("close-me");
  expect(await socket.closed).toEqual({ code: 4001, reason: "bye from room" });
  await until(async () => (await stats("object-closes")).closes.length > 0);
  expect((await stats("object-closes")).closes[0]).toMatchObject({ code: 4001, wasClean: true, user: "dave" });
});

test("getWebSockets(tag) returns only the sockets accepted with that tag", async () => {
  const red = await openSocket(`${wsUrl}/ws?name=tags&user=r&tags=red`);
  const blue = await openSocket(`${wsUrl}/ws?name=tags&user=b&tags=blue`);
  const both = await openSocket(`${wsUrl}/ws?name=tags&user=rb&tags=red,blue`);
  await Promise.all([red.message(0), blue.message(0), both.message(0)]);
  both.ws.send("broadcast:red:hi");
  expect(await red.message(1)).toBe("red hi to 2");
  expect(await both.message(1)).toBe("red hi to 2");
  blue.ws.send("broadcast:blue:yo");
  expect(await blue.message(1)).toBe("blue yo to 2");
  expect(await both.message(2)).toBe("blue yo to 2");
  expect(red.messages).toEqual([`welcome v${version}`, "red hi to 2"]);
  for (const socket of [red, blue, both]) socket.ws.close();
});

test("an attachment over the limit throws Cloudflare's error and keeps the previous one", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=attach&user=erin`);
  await socket.message(0);
  expect(await reply(socket, "big-attachment")).toMatchInlineSnapshot(
    `"Error: A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was 20006 bytes."`,
  );
  expect(JSON.parse(await reply(socket, "whoami")).attachment).toEqual({ user: "erin", joinedIn: `v${version}` });
  socket.ws.close();
});

test("a client that vanishes is a 1006 webSocketClose", async () => {
  const socket = await openSocket(`${wsUrl}/ws?name=vanish&user=fay`);
  await socket.message(0);
  socket.ws.terminate();
  await until(async () => (await stats("vanish")).closes.length > 0);
  expect((await stats("vanish")).closes[0]).toMatchObject({
    code: 1006,
    reason: "WebSocket disconnected without sending Close frame.",
    wasClean: false,
  });
});
