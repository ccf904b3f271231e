/**
 * `viteEnvironment.childEnvironments`: a second Vite environment whose modules run in the worker's
 * generations through their own ModuleRunner (`__VITE_ENVIRONMENT_RUNNER_IMPORT__`), as with
 * @cloudflare/vite-plugin; an edit of a module in its graph builds a new generation.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("child-environments");
});
afterAll(() => server?.stop());

test("the worker imports a module through the child environment's runner", async () => {
  const response = await server.fetch("/");
  expect(await response.json()).toEqual({ message: "child v1", environment: "server" });
});

test("an edit of a module only the child environment loaded builds a new generation", async () => {
  server.edit("src/child.ts", "child v1", "child v2");
  await until(async () => ((await (await server.fetch("/")).json()) as { message: string }).message === "child v2");
  await server.waitForOutput(/generation 2 ready/);
});

test("an environment the worker does not have is named, with the fix", async () => {
  const response = await server.fetch("/?environment=rsc");
  expect(response.status).toBe(500);
  expect(await response.text()).toMatchInlineSnapshot(
    `"Error: [kindling] There is no module runner for the Vite environment "rsc" in this worker (it has "child_environments", "child"). Add it to viteEnvironment.childEnvironments in kindling() options."`,
  );
});
