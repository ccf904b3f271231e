/** One dev server per state directory: a second one is refused with the owner's name; kill -9 leaves no lock behind. */
import { afterEach, expect, test } from "vitest";
import { startDevServer, type DevServer } from "./helpers/dev-server.js";

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
async function start(root?: string): Promise<DevServer> {
  const server = await startDevServer("storage", { root });
  servers.push(server);
  return server;
}

test("a second vite dev on the same state directory stops at start, naming the first; the first keeps serving", async () => {
  const first = await start();
  expect((await first.fetch("/kv?key=owner", { method: "PUT", body: "first" })).status).toBe(200);

  const refused = await start(first.root).then(
    () => "started",
    (error: Error) => error.message,
  );
  const line = refused.split("\n").find((l) => l.includes("[kindling]")) ?? refused;
  const port = new URL(first.url).port;
  expect(
    line.replaceAll(first.root, "<root>").replaceAll(`pid ${first.pid}`, "pid <pid>").replaceAll(`:${port}/`, ":<port>/"),
  ).toMatchInlineSnapshot(
    `"Error: [kindling] The state directory <root>/.kindling/state is in use by another Kindling dev server (pid <pid>, started as "vite.js dev --port 0 --strictPort --host 127.0.0.1", serving http://127.0.0.1:<port>/). Two dev servers on one state directory would run the same Durable Objects twice and overwrite each other's writes. Stop the other server, or give this one its own state directory with the "persist" option of kindling() (for example kindling({ persist: ".kindling/state-2" }))."`,
  );

  expect(await (await first.fetch("/kv?key=owner")).text()).toBe("first");
});

test("after kill -9 of the server, the next one on the same directory starts (the stale lock is taken over) and sees its data", async () => {
  const first = await start();
  expect((await first.fetch("/kv?key=survivor", { method: "PUT", body: "kept" })).status).toBe(200);
  await first.kill9();
  const next = await start(first.root);
  expect(await (await next.fetch("/kv?key=survivor")).text()).toBe("kept");
});
