import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import { ManualClock } from "../../storage/clock.js";
import { QueueBroker, type QueueBatch } from "../../host/queues/queue-broker.js";
import { createMessageBatch } from "./message-batch.js";
import { WorkerQueue } from "./worker-queue.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).toReversed()) fn();
  vi.restoreAllMocks();
});

/** A producer bound to a real broker (the host unit called in-process) and the batches its consumer gets. */
function setup(descriptor: Partial<BindingDescriptor<"queue">> = {}) {
  const persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-queue-"));
  const clock = new ManualClock();
  const batches: QueueBatch[] = [];
  const broker = new QueueBroker({
    persist,
    timers: clock,
    deliver: async (_worker, batch) => (batches.push(batch), { status: "delivered", failed: false }),
  });
  cleanup.push(
    () => broker.close(),
    () => fs.rmSync(persist, { recursive: true, force: true }),
  );
  broker.setConsumers("app", [
    {
      queue: "jobs",
      type: "worker",
      maxBatchSize: 100,
      maxBatchTimeout: 1,
      maxRetries: 3,
      maxConcurrency: 1,
      retryDelay: 0,
      visibilityTimeoutMs: 0,
    },
  ]);
  const host: HostUnitCaller = {
    call: async (_kind, method, ...args) =>
      (broker.unit as unknown as Record<string, (...a: unknown[]) => never>)[method]!(...args),
  };
  const queue = new WorkerQueue(
    { type: "queue", name: "JOBS", queueName: "jobs", deliveryDelay: 0, defaultContentType: "json", ...descriptor },
    host,
  );
  /** What the consumer's handler gets once the batch timeout has passed. */
  const deliver = async () => {
    clock.advance(1_000);
    await broker.idle();
    const batch = batches.shift()!;
    return createMessageBatch(batch.queue, batch.messages, batch.metrics);
  };
  return { queue, clock, broker, deliver };
}

test("each content type reaches the consumer as workerd gives it", async () => {
  const { queue, deliver } = setup();
  await queue.send("plain", { contentType: "text" });
  await queue.send(new Uint8Array([1, 2, 3]).subarray(1), { contentType: "bytes" });
  await queue.send({ a: [1, "two"] }, { contentType: "JSON" });
  await queue.send(new Map([["k", new Date(0)]]), { contentType: "v8" });
  await queue.send({ by: "default" });
  const { batch } = await deliver();
  const [text, bytes, json, v8, byDefault] = batch.messages.map((message) => message.body);
  expect(text).toBe("plain");
  expect(bytes).toBeInstanceOf(ArrayBuffer);
  expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([2, 3]);
  expect(json).toEqual({ a: [1, "two"] });
  expect(v8).toEqual(new Map([["k", new Date(0)]]));
  expect(byDefault).toEqual({ by: "default" });
});

test("before queues_json_messages a body without a content type is V8-serialized", async () => {
  const { queue, deliver } = setup({ defaultContentType: "v8" });
  await queue.send(new Set([1n]));
  const { batch } = await deliver();
  expect(batch.messages[0]!.body).toEqual(new Set([1n]));
});

test("send and sendBatch answer the backlog before their messages; metrics() the backlog now", async () => {
  const { queue, clock } = setup();
  expect(await queue.send("ab", { contentType: "text" })).toEqual({
    metadata: { metrics: { backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: undefined } },
  });
  const sentAt = new Date(clock.now());
  expect(await queue.sendBatch([{ body: "c", contentType: "text" }, { body: 1 }])).toEqual({
    metadata: { metrics: { backlogCount: 1, backlogBytes: 2, oldestMessageTimestamp: sentAt } },
  });
  expect(await queue.metrics()).toEqual({ backlogCount: 3, backlogBytes: 4, oldestMessageTimestamp: sentAt });
});

test("delivery_delay holds messages back unless a message or the batch gives its own delay", async () => {
  const { queue, clock, broker, deliver } = setup({ deliveryDelay: 60 });
  await queue.send("late", { contentType: "text" });
  await queue.send("now", { contentType: "text", delaySeconds: 0 });
  await queue.sendBatch([{ body: "batch", contentType: "text" }], { delaySeconds: 0 });
  expect((await deliver()).batch.messages.map((message) => message.body)).toEqual(["now", "batch"]);
  clock.advance(60_000);
  await broker.idle();
  expect((await deliver()).batch.messages.map((message) => message.body)).toEqual(["late"]);
});

test("the binding and the batch have workerd's classes and members", async () => {
  const { queue, deliver } = setup();
  expect(Object.prototype.toString.call(queue)).toBe("[object WorkerQueue]");
  expect(Object.getOwnPropertyNames(WorkerQueue.prototype).toSorted()).toEqual(["constructor", "metrics", "send", "sendBatch"]);
  await queue.send(1);
  const { batch } = await deliver();
  expect(Object.prototype.toString.call(batch)).toBe("[object QueueController]");
  expect(Object.keys(batch).toSorted()).toEqual(["messages", "metadata", "queue"]);
  expect(Object.keys(batch.messages[0]!).toSorted()).toEqual(["attempts", "body", "id", "timestamp"]);
  expect(batch.messages[0]!.timestamp).toBeInstanceOf(Date);
});

test("ack and retry calls make the verdict; a call an earlier one contradicts is ignored with workerd's warning", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  const { queue, deliver } = setup();
  await queue.sendBatch([{ body: 1 }, { body: 2 }, { body: 3 }]);
  const { batch, verdict } = await deliver();
  const [a, b, c] = batch.messages;
  a!.ack();
  a!.retry();
  b!.retry({ delaySeconds: 30 });
  b!.ack();
  batch.retryAll({ delaySeconds: 5 });
  c!.ack();
  batch.ackAll();
  expect(verdict()).toEqual({
    ackAll: false,
    retryAll: true,
    retryAllDelay: 5,
    acks: [a!.id],
    retries: [{ id: b!.id, delaySeconds: 30 }],
  });
  expect(warn.mock.calls.map(([text]) => String(text).replaceAll(/[0-9a-f]{32}/g, "<id>"))).toMatchInlineSnapshot(`
    [
      "Received a call to retry() on message <id> after ack() was already called. Calling retry() on a message after calling ack() has no effect.",
      "Received a call to ack() on message <id> after retry() was already called. Calling ack() on a message after calling retry() has no effect.",
      "Received a call to ack() on message <id> after retryAll() was already called. Calling ack() on a message after calling retryAll() has no effect.",
      "Received a call to ackAll() after retryAll() was already called. Calling ackAll() after calling retryAll() has no effect.",
    ]
  `);
  expect(() => a!.retry({ delaySeconds: 86_401 })).toThrowErrorMatchingInlineSnapshot(
    `[RangeError: delaySeconds must be between 0 and 86400 (24 hours), got 86401.]`,
  );
});
