/**
 * The worker environment's hot channel: plugins' `environment.hot` and the worker's
 * `import.meta.hot`, both ways, from module top level and during a request, across edits.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("hot-channel");
});
afterAll(() => server?.stop());

interface WorkerEvents {
  version: string;
  events: { event: string; data: unknown }[];
}
interface ProbeState {
  received: { from: string; version: string }[];
  connects: number;
}
const workerEvents = async () => (await (await server.fetch("/events")).json()) as WorkerEvents;
const probe = async () => (await (await server.fetch("/__probe/received")).json()) as ProbeState;

test("the worker's top-level import.meta.hot.send reaches the plugin, whose reply reaches import.meta.hot.on", async () => {
  const state = await until(async () => {
    const events = await workerEvents();
    return events.events.some((e) => e.event === "probe:reply") && events;
  });
  expect(state.events).toEqual([{ event: "probe:reply", data: { to: { from: "top-level", version: "v1" } } }]);
  expect(await probe()).toEqual({ received: [{ from: "top-level", version: "v1" }], connects: 1 });
});

test("a plugin's environment.hot.send reaches the worker's listeners, as JSON", async () => {
  expect(await (await server.fetch("/__probe/send?event=probe:ping&data=one", { method: "POST" })).text()).toBe("sent");
  const { events } = await until(async () => {
    const state = await workerEvents();
    return state.events.some((e) => e.event === "probe:ping") && state;
  });
  // The date crossed as over Vite's WebSocket: as its JSON string.
  expect(events.at(-1)).toEqual({ event: "probe:ping", data: { sent: "one", at: "1970-01-01T00:00:00.000Z" } });
});

test("import.meta.hot.send during a request reaches the plugin", async () => {
  expect(await (await server.fetch("/send")).text()).toBe("sent");
  await until(async () => (await probe()).received.some((message) => message.from === "request"));
});

test("after an edit, the new generation's runner is on the channel both ways", async () => {
  server.edit("src/version.ts", '"v1"', '"v2"');
  // The new generation announced itself at top level, and got the plugin's reply on its own client.
  const state = await until(async () => {
    const events = await workerEvents();
    return events.version === "v2" && events.events.some((e) => e.event === "probe:reply") && events;
  });
  expect(state.events).toEqual([{ event: "probe:reply", data: { to: { from: "top-level", version: "v2" } } }]);
  const { received, connects } = await probe();
  expect(received.at(-1)).toEqual({ from: "top-level", version: "v2" });
  expect(connects).toBe(2);

  await server.fetch("/__probe/send?event=probe:ping&data=two", { method: "POST" });
  const after = await until(async () => {
    const events = await workerEvents();
    return events.events.some((e) => e.event === "probe:ping") && events;
  });
  expect(after.events.map((e) => e.event)).toEqual(["probe:reply", "probe:ping"]);
});
