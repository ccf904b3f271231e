/**
 * A service-worker-format worker (an entry that exports nothing, wrangler's rule) under `vite dev`:
 * `addEventListener("fetch")` with a `FetchEvent`, bindings and vars as globals, an edit of an
 * imported file, the scheduled trigger through `addEventListener("scheduled")`, and workerd's
 * errors for a second `respondWith()` and a promise that is not a Response.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer("service-worker");
});
afterAll(async () => {
  await server?.stop();
});

test("fetch listeners answer with respondWith(); vars are globals, env/module/exports are not", async () => {
  expect(await (await server.fetch("/")).json()).toEqual({
    label: "v1",
    greeting: "hello",
    event: "FetchEvent",
    type: "fetch",
    env: "undefined",
    module: "undefined",
    exports: "undefined",
  });
});

test("a KV binding is a global whose writes persist", async () => {
  const response = await server.fetch("/kv?value=stored");
  expect([response.status, await response.text()]).toEqual([200, "stored"]);
});

test("an edit of a file the service worker imports takes effect on the next request", async () => {
  server.write("src/label.js", 'export const label = "v2";\n');
  await until(async () => expect((await (await server.fetch("/")).json()).label).toBe("v2"));
});

test("the scheduled trigger runs the scheduled listeners with a ScheduledEvent; waitUntil and noRetry work", async () => {
  const ran = await server.fetch("/cdn-cgi/handler/scheduled?cron=*/5+*+*+*+*&time=1700000000000");
  expect([ran.status, await ran.text()]).toEqual([200, "ok"]);
  expect(await (await server.fetch("/scheduled")).text()).toBe("*/5 * * * * 1700000000000 ScheduledEvent");
  const noRetry = await server.fetch("/cdn-cgi/handler/scheduled?cron=no-retry&format=json");
  expect(await noRetry.json()).toEqual({ outcome: "ok", noRetry: true });
});

test("errors: a throwing listener, a second respondWith(), a promise that is not a Response", async () => {
  const firstLine = async (pathname: string) => {
    const response = await server.fetch(pathname, { headers: { accept: "text/plain" } });
    return [response.status, (await response.text()).split("\n")[0]];
  };
  expect(await firstLine("/throws")).toMatchInlineSnapshot(`
    [
      500,
      "listener failed on purpose",
    ]
  `);
  expect(await firstLine("/twice")).toMatchInlineSnapshot(`
    [
      500,
      "InvalidStateError: FetchEvent.respondWith() has already been called; it can only be called once.",
    ]
  `);
  expect(await firstLine("/not-a-response")).toMatchInlineSnapshot(`
    [
      500,
      "TypeError: Incorrect type for Promise: the Promise did not resolve to 'Response'.",
    ]
  `);
});

test("no listener calls respondWith(): the request goes on, as production hands it to the origin", async () => {
  const response = await server.fetch("/fall-through");
  expect(response.status).toBe(404);
});
