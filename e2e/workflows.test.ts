/**
 * Workflows on a real `vite dev`: instances outlive edits and kill -9 restarts (the engine's state
 * is on disk, each run replays in the current generation), and a step is never executed twice
 * (every step callback counts its executions in KV).
 */
import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { connectHmr } from "./helpers/hmr-client.js";

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function start(root?: string) {
  const server = await startDevServer("workflows", root ? { root } : {});
  servers.push(server);
  return server;
}

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

function client(server: DevServer) {
  return {
    create: (workflow: string, id: string, params: unknown) =>
      server.fetch(`/create?workflow=${workflow}&id=${id}`, { method: "POST", body: JSON.stringify(params) }).then(json),
    status: (workflow: string, id: string) => server.fetch(`/status?workflow=${workflow}&id=${id}`).then(json),
    event: (id: string, payload: unknown) =>
      server
        .fetch(`/event?workflow=pipeline&id=${id}&type=approval`, { method: "POST", body: JSON.stringify(payload) })
        .then(json),
    control: (workflow: string, id: string, op: string) =>
      server.fetch(`/control?workflow=${workflow}&id=${id}&op=${op}`, { method: "POST" }).then(json),
    counts: (id: string) => server.fetch(`/counts?id=${id}`).then(json),
    /** Polls until the instance has `status`, then answers its status. */
    async reach(workflow: string, id: string, status: string, timeout = 20_000): Promise<Record<string, unknown>> {
      const reached = await until(async () => {
        const current = await this.status(workflow, id);
        return current.status === status ? current : undefined;
      }, timeout);
      return reached!;
    },
  };
}

test("step.do, step.sleep and step.waitForEvent complete across an edit: the replay runs the new code, each step once", async () => {
  const server = await start();
  const flows = client(server);
  await flows.create("pipeline", "edited", { nap: "1 second" });
  // Asleep, then waiting for the approval: no generation holds it.
  await flows.reach("pipeline", "edited", "waiting");
  server.write("src/version.ts", 'export const VERSION = "v2";\n');
  await until(async () => (await (await server.fetch("/version")).text()) === "v2");
  // Sent while it may still sleep: an event that comes before its wait is kept for it.
  expect(await flows.event("edited", { approved: true })).toEqual({ ok: true });
  const done = await flows.reach("pipeline", "edited", "complete");
  expect(done.output).toEqual({ first: { version: "v1" }, second: { version: "v2", approved: true } });
  expect(await flows.counts("edited")).toEqual({ first: 1, second: 1 });
});

test("kill -9 while an instance sleeps and another waits for an event: after a restart both go on, each step once", async () => {
  const server = await start();
  const flows = client(server);
  await flows.create("pipeline", "asleep", { nap: "4 seconds" });
  await flows.create("pipeline", "waiting", { nap: "1 second" });
  await until(async () => (await flows.counts("asleep")).first === 1 && (await flows.counts("waiting")).first === 1);
  // "waiting" has slept its second and waits for its event; "asleep" still sleeps.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await server.kill9();

  const restarted = await start(server.root);
  const again = client(restarted);
  // Nothing wakes "waiting" but its event; "asleep" wakes on its own once its 4 seconds are up.
  expect(await again.event("waiting", { approved: false })).toEqual({ ok: true });
  const waiting = await again.reach("pipeline", "waiting", "complete");
  expect(waiting.output).toMatchObject({ second: { approved: false } });
  await until(
    async () => (await again.counts("asleep")).first === 1 && (await again.status("pipeline", "asleep")).status === "waiting",
  );
  await again.event("asleep", { approved: true });
  await again.reach("pipeline", "asleep", "complete");
  expect(await again.counts("asleep")).toEqual({ first: 1, second: 1 });
  expect(await again.counts("waiting")).toEqual({ first: 1, second: 1 });
});

test("rapid edits while a step runs never run it twice: the run goes on in the newest code once the step is done", async () => {
  const server = await start();
  const flows = client(server);
  await flows.create("slow", "busy", { ms: 2_500 });
  await until(async () => (await flows.counts("busy")).slow === 1);
  for (let version = 2; version <= 7; version++) {
    server.write("src/version.ts", `export const VERSION = "v${version}";\n`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const done = await flows.reach("slow", "busy", "complete");
  expect(done.output).toEqual({ slow: "v1", after: "v7" });
  expect(await flows.counts("busy")).toEqual({ slow: 1, after: 1 });
});

test("ctx.waitUntil work of a step is drained with its generation: an edit right after the step does not cut it off", async () => {
  const server = await start();
  const flows = client(server);
  await flows.create("background", "bg", { ms: 4_000 });
  await flows.reach("background", "bg", "complete");
  server.write("src/version.ts", 'export const VERSION = "v2";\n');
  await until(async () => (await (await server.fetch("/version")).text()) === "v2");
  // Written by the retiring generation once its timer fired, with the code it ran.
  await until(async () => (await (await server.fetch("/kv?key=background:bg")).text()) === "v1", 15_000);
});

test("pause, resume, terminate and restart", async () => {
  const server = await start();
  const flows = client(server);
  await flows.create("pipeline", "ctl", { nap: "1 second" });
  await flows.reach("pipeline", "ctl", "waiting");
  await flows.control("pipeline", "ctl", "pause");
  expect((await flows.status("pipeline", "ctl")).status).toBe("paused");
  await flows.control("pipeline", "ctl", "resume");
  await flows.reach("pipeline", "ctl", "waiting");
  await flows.control("pipeline", "ctl", "terminate");
  expect(await flows.status("pipeline", "ctl")).toEqual({ status: "terminated", output: null });
  expect(await flows.control("pipeline", "ctl", "terminate")).toMatchInlineSnapshot(`
    {
      "error": {
        "message": "WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state",
        "name": "Error",
      },
    }
  `);
  await flows.control("pipeline", "ctl", "restart");
  await until(async () => (await flows.counts("ctl")).first === 2);
  await flows.reach("pipeline", "ctl", "waiting");
});

test("a failing step prints a line per attempt and shows its error in the overlay; the instance errors as production reports", async () => {
  const server = await start();
  const hmr = await connectHmr(server);
  const flows = client(server);
  await flows.create("flaky", "bad", { failures: 9 });
  const errored = await flows.reach("flaky", "bad", "errored");
  expect(errored).toEqual({ status: "errored", output: null, error: { name: "Error", message: "attempt 4 failed" } });
  const overlay = await hmr.next((message) => message.type === "error");
  expect((overlay.err as { message: string }).message).toMatch(/^attempt \d failed$/);
  await server.waitForOutput('workflow "flaky" instance "bad": step "flaky" failed (attempt 1) and is retried in 50 ms');
  await server.waitForOutput('workflow "flaky" instance "bad": errored: Error: attempt 4 failed');
  hmr.close();
});
