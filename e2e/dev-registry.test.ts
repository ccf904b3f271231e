/**
 * Two `vite dev` servers on one machine reach each other's workers through the dev registry, as
 * wrangler's does: the gateway runs alone in one, the api and store workers in the other. When the
 * other stops, calls fail naming the worker; when it is back, they work again.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import WebSocket from "ws";
import { copyFixture, registryOf, startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const viteConfig = (options: string) => `import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";
export default defineConfig({ plugins: [kindling(${options})] });
`;

let gateway: DevServer;
let services: DevServer | undefined;
let servicesRoot: string;
let registry: string;

const startServices = () => startDevServer("many-workers", { root: servicesRoot, env: { KINDLING_REGISTRY_PATH: registry } });

beforeAll(async () => {
  const gatewayRoot = copyFixture("many-workers");
  registry = registryOf(gatewayRoot);
  servicesRoot = copyFixture("many-workers");
  fs.writeFileSync(
    path.join(servicesRoot, "vite.config.ts"),
    viteConfig(`{ configPath: "./api/wrangler.jsonc", auxiliaryWorkers: [{ configPath: "./store/wrangler.jsonc" }] }`),
  );
  gateway = await startDevServer("many-workers", {
    root: gatewayRoot,
    files: { "vite.config.ts": viteConfig("") },
    env: { KINDLING_REGISTRY_PATH: registry },
  });
});
afterAll(async () => {
  await Promise.all([gateway?.stop(), services?.stop()]);
});

const text = async (pathname: string) => {
  const response = await gateway.fetch(pathname);
  return `${response.status} ${await response.text()}`;
};

test("a worker that no dev server runs yet: fetch gets a 503, RPC an error, both naming it", async () => {
  expect(await text("/api/x")).toMatchInlineSnapshot(
    `"503 [kindling] Worker "api" not found. Make sure it is running locally. It is not one of this dev server's workers ("gateway"), and no other Kindling dev server on this machine runs it: add its wrangler config to kindling({ auxiliaryWorkers }), or start the vite dev server of its own project."`,
  );
  expect(await text("/rpc/add?a=1&b=2")).toContain('Worker "api" not found.');
  expect(await text("/counter/inc?name=x")).toContain('Worker "store" not found.');
});

test("once the other dev server runs, service bindings and script_name Durable Objects reach it", async () => {
  services = await startServices();
  await until(async () => (await text("/rpc/add?a=1&b=2")) === "200 3");
  expect(await text("/rpc/props")).toBe(
    '200 {"named":{"entrypoint":"Named","props":{"tenant":"acme","level":3}},"default":{"entrypoint":"default","props":{}}}',
  );
  // A callback crosses back to the gateway's process.
  expect(await text("/rpc/callback")).toBe('200 {"result":42}');
  expect(await text("/rpc/target")).toBe('200 {"total":7,"label":"label of api v1"}');
  expect(await text("/counter/inc?name=remote")).toBe("200 1");
  expect(await text("/counter/inc?name=remote")).toBe("200 2");
  const echoed = await gateway.fetch("/api/echo", { method: "POST", body: "across processes" });
  expect(await echoed.text()).toBe("ACROSS PROCESSES");
  const headers = await gateway.fetch("/api/headers");
  expect([headers.status, headers.headers.getSetCookie()]).toEqual([201, ["a=1", "b=2"]]);
});

test("streams and WebSockets cross between the dev servers", async () => {
  const response = await gateway.fetch("/api/gated");
  const reader = response.body!.getReader();
  expect(new TextDecoder().decode((await reader.read()).value)).toBe("first\n");
  expect(await text("/release")).toBe("200 released");
  expect(new TextDecoder().decode((await reader.read()).value)).toBe("second\n");

  const ws = new WebSocket(`${gateway.url.replace("http", "ws")}/ws`);
  const messages: string[] = [];
  const closed = new Promise<[number, string]>((resolve) => ws.once("close", (code, reason) => resolve([code, String(reason)])));
  ws.on("message", (data) => {
    messages.push(String(data));
    ws.send(messages.length === 1 ? "hi" : "close-me");
  });
  expect(await closed).toEqual([4002, "bye from api"]);
  expect(messages).toEqual(["hello from api v1", "api echo:hi"]);
});

test("the endpoint other dev servers call refuses callers without the registry's token, and web pages", async () => {
  const entry = JSON.parse(fs.readFileSync(path.join(registry, "api.json"), "utf8")) as { url: string; token: string };
  expect(entry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const noToken = await fetch(`${entry.url}/rpc`, { method: "POST", body: "x" });
  expect([noToken.status, await noToken.text()]).toMatchInlineSnapshot(`
    [
      403,
      "[kindling] This endpoint is for Kindling dev servers on this machine: the token is missing or wrong.",
    ]
  `);
  const fromPage = await fetch(`${entry.url}/rpc`, {
    method: "POST",
    body: "x",
    headers: { "x-kindling-token": entry.token, origin: "http://evil.example" },
  });
  expect([fromPage.status, await fromPage.text()]).toMatchInlineSnapshot(`
    [
      403,
      "[kindling] This endpoint is for Kindling dev servers on this machine: web pages may not call it.",
    ]
  `);
});

test("when the other dev server stops, calls fail naming the worker; when it is back, they work again", async () => {
  await services!.stop();
  expect(await text("/api/x")).toContain('503 [kindling] Worker "api" not found.');
  expect(await text("/rpc/add?a=1&b=2")).toContain('Worker "api" not found.');
  services = await startServices();
  await until(async () => (await text("/rpc/add?a=20&b=22")) === "200 42");
  // Its state persisted: the same object, storage included.
  expect(await text("/counter/inc?name=remote")).toBe("200 3");
});
