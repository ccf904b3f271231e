import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import type { QueueConsumerConfig } from "../../protocol/queues.js";
import { ManualClock } from "../../storage/clock.js";
import { QueueBroker, type DeliveryResult } from "./queue-broker.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).toReversed()) fn();
});

const consumer: QueueConsumerConfig = {
  queue: "jobs",
  type: "worker",
  maxBatchSize: 1,
  maxBatchTimeout: 0,
  maxRetries: 1,
  deadLetterQueue: "dlq",
  maxConcurrency: 1,
  retryDelay: 30,
  visibilityTimeoutMs: 30_000,
};

function setup(answer: (body: string) => DeliveryResult | Promise<DeliveryResult>) {
  const persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-queue-inspection-"));
  const clock = new ManualClock();
  const broker = new QueueBroker({
    persist,
    timers: clock,
    deliver: async (_worker, batch) => answer(new TextDecoder().decode(batch.messages[0]!.body)),
  });
  cleanup.push(
    () => broker.close(),
    () => fs.rmSync(persist, { recursive: true, force: true }),
  );
  broker.setConsumers("app", [consumer]);
  const send = (body: string, delaySeconds = 0) =>
    broker.send("jobs", [{ body: new TextEncoder().encode(body), contentType: "text", delaySeconds }]);
  return { broker, clock, send };
}

const fail: DeliveryResult = { status: "delivered", failed: true };
const ok: DeliveryResult = { status: "delivered", failed: false };

test("inspect shows delayed, retried and in-delivery messages, and what became of delivered ones", async () => {
  let release!: (result: DeliveryResult) => void;
  const { broker, clock, send } = setup((body) =>
    body === "held" ? new Promise<DeliveryResult>((resolve) => (release = resolve)) : body === "bad" ? fail : ok,
  );
  await send("later", 60);
  await send("bad");
  await broker.idle();
  await send("good");
  await broker.idle();
  await send("held");
  const during = broker.inspect("jobs", 10);
  expect(during.inflightBatches).toBe(1);
  expect(during.consumer).toEqual({ worker: "app", config: consumer });
  expect(
    during.messages.map((m) => [new TextDecoder().decode(m.body), m.attempts, m.visible_at - clock.now(), m.lease !== null]),
  ).toEqual([
    ["later", 0, 60_000, false],
    ["bad", 1, 30_000, false], // retried: retry_delay 30 s
    ["held", 0, 0, true],
  ]);
  release(ok);
  await broker.idle();
  clock.advance(30_000);
  await broker.idle();
  const after = broker.inspect("jobs", 10);
  expect(after.inflightBatches).toBe(0);
  expect(after.messages.map((m) => new TextDecoder().decode(m.body))).toEqual(["later"]); // "bad" went to the dead-letter queue
  // Newest first.
  expect(
    after.activity.map(({ action, attempts, delaySeconds, deadLetterQueue }) => ({
      action,
      attempts,
      delaySeconds,
      deadLetterQueue,
    })),
  ).toEqual([
    { action: "dead-letter", attempts: 2, deadLetterQueue: "dlq", delaySeconds: undefined },
    { action: "ack", attempts: undefined, delaySeconds: undefined, deadLetterQueue: undefined },
    { action: "ack", attempts: undefined, delaySeconds: undefined, deadLetterQueue: undefined },
    { action: "retry", attempts: 1, delaySeconds: 30, deadLetterQueue: undefined },
  ]);
  // The dead-letter queue lists the message that arrived, with its attempts started over.
  const dlq = broker.inspect("dlq", 10);
  expect(dlq.consumer).toBeUndefined();
  expect(dlq.messages.map((m) => [new TextDecoder().decode(m.body), m.attempts])).toEqual([["bad", 0]]);
  expect(dlq.activity.map((entry) => [entry.queue, entry.action])).toEqual([["jobs", "dead-letter"]]);
  expect(broker.queueNames()).toEqual(["dlq", "jobs"]);
});

test("inspect lists at most limit messages, in sending order", async () => {
  const { broker, send } = setup(() => ok);
  for (const body of ["a", "b", "c"]) await send(body, 60);
  expect(broker.inspect("jobs", 2).messages.map((m) => new TextDecoder().decode(m.body))).toEqual(["a", "b"]);
});
