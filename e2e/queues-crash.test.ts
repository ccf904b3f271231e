/** At-least-once across kill -9: messages sent before the crash, queued or in flight, are all delivered after a restart. */
import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const servers: DevServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

const count = async (server: DevServer, prefix: string) =>
  Object.keys((await (await server.fetch(`/seen?prefix=${prefix}`)).json()) as object).length;
const delivered = (server: DevServer) => count(server, "seen/1");

test("kill -9 with messages queued and in flight loses none of them", async () => {
  const server = await startDevServer("queues");
  servers.push(server);
  // 200 messages of 20 ms each, one batch of 10 at a time: about 4 s of work.
  for (let from = 10_000; from < 10_200; from += 100) {
    const sent = await server.fetch(`/send-batch?binding=DURABLE&work=wait&n=${from}&count=100`);
    expect(sent.status).toBe(200);
  }
  // Kill while a batch runs: it started (its first message is marked) but is not all delivered.
  await until(async () => {
    const [done, started] = [await delivered(server), await count(server, "started/1")];
    return done >= 20 && done < 200 && started * 10 > done;
  }, 20_000);
  await server.kill9();
  const restarted = await startDevServer("queues", { root: server.root });
  servers.push(restarted);
  await until(async () => (await delivered(restarted)) === 200, 30_000);
  const records = (await (await restarted.fetch("/seen?prefix=seen/1")).json()) as { [key: string]: { queue: string } };
  expect(Object.keys(records).toSorted()).toEqual(Array.from({ length: 200 }, (_, i) => `seen/${10_000 + i}`));
  expect(Object.values(records).every((record) => record.queue === "durable")).toBe(true);
});
