/** Queues on a real `vite dev`: producers, queue() in the current generation, retries, dead letters, the /cdn-cgi routes. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";
import { connectHmr } from "./helpers/hmr-client.js";

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer("queues");
});
afterAll(() => server?.stop());

type Record = { marker: string; generation: number; attempts: number; queue: string };
const seen = async (prefix = "seen/") =>
  (await (await server.fetch(`/seen?prefix=${encodeURIComponent(prefix)}`)).json()) as { [key: string]: Record };
const key = (n: number) => `seen/${String(n).padStart(5, "0")}`;

test("a batch in flight during an edit finishes in its generation; later messages run in the new one", async () => {
  expect(await (await server.fetch("/send?n=1")).json()).toEqual({ metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } });
  await until(async () => (await seen())[key(1)]);
  expect((await seen())[key(1)]).toEqual({ marker: "v1", generation: 1, attempts: 1, queue: "jobs" });

  await server.fetch("/send?n=2&work=slow");
  await until(async () => (await seen("started/"))["started/00002"]);
  server.write("src/marker.ts", 'export const marker = "v2";\n');
  await until(async () => (await (await server.fetch("/marker")).text()).startsWith("v2"));
  await server.fetch("/send?n=3");
  await until(async () => (await seen())[key(2)] && (await seen())[key(3)]);
  const records = await seen();
  // Acknowledged by the old generation, so never delivered again.
  expect(records[key(2)]).toEqual({ marker: "v1", generation: 1, attempts: 1, queue: "jobs" });
  expect(records[key(3)]).toMatchObject({ marker: "v2", attempts: 1 });
  expect(records[key(3)]!.generation).toBeGreaterThan(1);
});

test("the producer refuses what production refuses, with workerd's wording", async () => {
  expect(await (await server.fetch("/validate")).json()).toMatchInlineSnapshot(`
    {
      "batchTooLarge": "Error: Queue sendBatch failed: batch size of 300000 bytes exceeds limit of 256000",
      "bigint": "TypeError: Do not know how to serialize a BigInt",
      "bytesNotView": "TypeError: Content Type "bytes" requires a value of type ArrayBufferView, but received: string",
      "delayTooLong": "Error: Queue send failed: message delay 86401 is invalid: it must be between 0 and 86400 seconds",
      "emptyBatch": "TypeError: sendBatch() requires at least one message",
      "notIterable": "TypeError: Failed to execute 'sendBatch' on 'WorkerQueue': parameter 1 is not of type 'Sequence'.",
      "nullInBatch": "TypeError: Cannot initialize N7workerd3api11WorkerQueue18MessageSendRequestE with required members from an undefined or null value.",
      "oneTooLarge": "Error: Queue sendBatch failed: message in batch has length 128001 bytes which exceeds single message size limit of 128000",
      "optionsNotObject": "TypeError: Failed to execute 'send' on 'WorkerQueue': parameter 2 is not of type 'SendOptions'.",
      "textNotString": "TypeError: Content Type "text" requires a value of type string, but received: number",
      "tooLarge": "Error: Queue send failed: message length of 128002 bytes exceeds limit of 128000",
      "tooMany": "Error: Queue sendBatch failed: batch message count of 101 exceeds limit of 100",
      "undefinedBody": "TypeError: Message body cannot be undefined",
      "undefinedInBatch": "TypeError: Message body cannot be undefined",
      "unknownType": "TypeError: Unsupported queue message content type: xml",
    }
  `);
});

test("a throwing queue() is retried, then dead-lettered; the terminal and the overlay say so", async () => {
  const client = await connectHmr(server);
  try {
    await server.fetch("/flaky?body=f1");
    await until(async () => (await seen("dlq/"))["dlq/f1"]);
    expect((await seen("dlq/"))["dlq/f1"]).toMatchObject({ attempts: 1, queue: "flaky-dlq" });
    const overlay = await client.next((message) => message.type === "error");
    expect((overlay.err as { message: string }).message).toBe("flaky failed on purpose: f1");
  } finally {
    client.close();
  }
  await server.waitForOutput(/moved message "[0-9a-f]{32}" to dead-letter queue "flaky-dlq" after 2 failed attempts\./);
  await server.waitForOutput(/the same queue handler error again/);
  const lines = server
    .output()
    .split("\n")
    .filter((line) => line.includes('queue "flaky"') || line.includes("queue handler error"))
    .map((line) => line.replace(/^.*?\[kindling\]/, "[kindling]").replace(/"[0-9a-f]{32}"/g, '"<id>"'));
  // The broker's lines come in order; the handler's error lines come from the thread, and may
  // arrive before or after the broker's line for the same attempt.
  expect(lines.filter((line) => line.includes('queue "flaky"'))).toMatchInlineSnapshot(`
    [
      "[kindling] queue "flaky": delivery of 1 message to worker "queues" failed (Error: flaky failed on purpose: f1); retrying it (attempt 2 of 2, in 0 s).",
      "[kindling] queue "flaky": delivery of 1 message to worker "queues" failed (Error: flaky failed on purpose: f1).",
      "[kindling] queue "flaky": moved message "<id>" to dead-letter queue "flaky-dlq" after 2 failed attempts.",
    ]
  `);
  expect(lines.filter((line) => !line.includes('queue "flaky"'))).toMatchInlineSnapshot(`
    [
      "[kindling] queues: queue handler error: flaky failed on purpose: f1",
      "[kindling] queues: the same queue handler error again; repeats are not printed until the code changes.",
    ]
  `);
});

test("POST /cdn-cgi/handler/queue delivers one message at once and answers with the outcome", async () => {
  const trigger = (query: string, init: RequestInit = {}) =>
    server.fetch(`/cdn-cgi/handler/queue?${query}`, { method: "POST", ...init });
  const ok = await trigger("queue=jobs", { body: JSON.stringify({ n: 40 }), headers: { "content-type": "application/json" } });
  expect([ok.status, await ok.text()]).toEqual([200, "ok\nmessage acknowledged"]);
  expect((await seen())[key(40)]).toMatchObject({ attempts: 1, queue: "jobs" });

  const failed = await server.fetch("/cdn-cgi/local/queue?queue=flaky&format=json", { method: "POST", body: "by hand" });
  expect(failed.status).toBe(500);
  expect(await failed.json()).toMatchObject({
    outcome: "exception",
    decision: { action: "retry", attempts: 1 },
    error: { message: "flaky failed on purpose: by hand" },
  });

  const unknown = await trigger("queue=nope", { body: "x" });
  expect([unknown.status, await unknown.text()]).toMatchInlineSnapshot(`
    [
      404,
      "[kindling] Queue "nope" cannot be triggered: no worker consumes it. Add { "queue": "nope" } to "queues.consumers" in the wrangler config of the worker whose queue() handler should run.",
    ]
  `);
  const crossSite = await trigger("queue=jobs", { body: "x", headers: { origin: "https://evil.example" } });
  expect([crossSite.status, await crossSite.text()]).toEqual([
    403,
    "[kindling] /cdn-cgi/handler/queue only accepts requests from this dev server's own pages, not from https://evil.example.",
  ]);
  expect((await server.fetch("/cdn-cgi/handler/queue?queue=jobs")).status).toBe(405);
});

test("an http_pull consumer pulls, acknowledges and retries over /cdn-cgi/local/queues", async () => {
  await server.fetch("/pulled?body=first");
  const pull = async (body: object) =>
    (await (
      await server.fetch("/cdn-cgi/local/queues/pulled/messages/pull", { method: "POST", body: JSON.stringify(body) })
    ).json()) as {
      success: boolean;
      result: {
        message_backlog_count: number;
        messages: { lease_id: string; body: string; attempts: number; metadata: object }[];
      };
    };
  const pulled = await pull({ batch_size: 10 });
  expect(pulled.success).toBe(true);
  expect(pulled.result.messages.map(({ body, attempts, metadata }) => ({ body, attempts, metadata }))).toEqual([
    { body: "first", attempts: 1, metadata: { "CF-sourceMessageSource": "worker", "CF-Content-Type": "text" } },
  ]);
  expect((await pull({})).result.messages).toEqual([]); // leased
  const lease = pulled.result.messages[0]!.lease_id;
  const retry = await server.fetch("/cdn-cgi/local/queues/pulled/messages/ack", {
    method: "POST",
    body: JSON.stringify({ retries: [{ lease_id: lease }] }),
  });
  expect(((await retry.json()) as { result: object }).result).toEqual({ ackCount: 0, retryCount: 1, warnings: [] });
  const again = await pull({});
  expect(again.result.messages.map((m) => [m.body, m.attempts])).toEqual([["first", 2]]);
  const ack = await server.fetch("/cdn-cgi/local/queues/pulled/messages/ack", {
    method: "POST",
    body: JSON.stringify({ acks: [{ lease_id: again.result.messages[0]!.lease_id }] }),
  });
  expect(((await ack.json()) as { result: object }).result).toEqual({ ackCount: 1, retryCount: 0, warnings: [] });
  expect((await pull({})).result.message_backlog_count).toBe(0);
  const notPull = await server.fetch("/cdn-cgi/local/queues/jobs/messages/pull", { method: "POST" });
  expect([notPull.status, await notPull.json()]).toMatchInlineSnapshot(`
    [
      404,
      {
        "errors": [
          {
            "code": 404,
            "message": "[kindling] Queue "jobs" is consumed by worker "queues" (its queue() handler), not pulled over HTTP. To pull it, give it the consumer { "queue": "jobs", "type": "http_pull" } in "queues.consumers" of your wrangler config.",
          },
        ],
        "messages": [],
        "result": null,
        "success": false,
      },
    ]
  `);
});

test("a queue nobody consumes keeps its messages until a config edit gives it a consumer", async () => {
  const first = (await (await server.fetch("/nobody")).json()) as { backlogCount: number };
  const second = (await (await server.fetch("/nobody")).json()) as { backlogCount: number };
  expect(second.backlogCount).toBe(first.backlogCount + 1);
  server.edit(
    "wrangler.jsonc",
    '{ "queue": "flaky-dlq"',
    '{ "queue": "nobody", "max_batch_timeout": 0 },\n      { "queue": "flaky-dlq"',
  );
  await until(async () => Object.keys(await seen("nobody/")).length === second.backlogCount, 15_000);
  expect(Object.values(await seen("nobody/")).every((record) => record.queue === "nobody")).toBe(true);
});

test("a WorkerEntrypoint default export's queue() gets the batch, with this.env and this.ctx", async () => {
  server.write(
    "src/index.ts",
    `import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint {
  async fetch() {
    return new Response(await this.env.KV.get("entrypoint"));
  }
  async queue(batch) {
    const seen = { queue: batch.queue, bodies: batch.messages.map((m) => m.body), props: this.ctx.props };
    await this.env.KV.put("entrypoint", JSON.stringify(seen));
  }
}
`,
  );
  await until(
    async () => (await server.fetch("/")).status === 200 && !(await (await server.fetch("/marker")).text()).startsWith("v"),
  );
  const triggered = await server.fetch("/cdn-cgi/handler/queue?queue=jobs&contentType=text", { method: "POST", body: "hi" });
  expect([triggered.status, await triggered.text()]).toEqual([200, "ok\nmessage acknowledged"]);
  expect(await (await server.fetch("/")).json()).toEqual({ queue: "jobs", bodies: ["hi"], props: {} });
});
