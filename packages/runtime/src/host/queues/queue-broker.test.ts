import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import type { QueueConsumerConfig, QueueVerdict } from "../../protocol/queues.js";
import { ManualClock } from "../../storage/clock.js";
import { QueueBroker, type DeliveryResult, type QueueBatch, type QueueBatchReport } from "./queue-broker.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).toReversed()) fn();
});

const defaults: QueueConsumerConfig = {
  queue: "jobs",
  type: "worker",
  maxBatchSize: 3,
  maxBatchTimeout: 5,
  maxRetries: 2,
  maxConcurrency: 1,
  retryDelay: 0,
  visibilityTimeoutMs: 30_000,
};

const ok: DeliveryResult = { status: "delivered", failed: false };
const verdict = (partial: Partial<QueueVerdict>): QueueVerdict => ({
  ackAll: false,
  retryAll: false,
  acks: [],
  retries: [],
  ...partial,
});
const text = (batch: QueueBatch) => batch.messages.map((m) => new TextDecoder().decode(m.body));

/** A broker with a manual clock over a fresh state directory; `answer` plays the consumer's worker. */
function setup(
  consumers: Partial<QueueConsumerConfig>[] = [{}],
  persist = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-queues-")),
) {
  const clock = new ManualClock();
  const batches: QueueBatch[] = [];
  const reports: QueueBatchReport[] = [];
  const paused: string[] = [];
  const state = { answer: (_batch: QueueBatch): DeliveryResult | Promise<DeliveryResult> => ok };
  const broker = new QueueBroker({
    persist,
    timers: clock,
    deliver: async (_worker, batch) => (batches.push(batch), state.answer(batch)),
    onBatch: (report) => reports.push(report),
    onPaused: (worker, queue) => paused.push(`${worker}/${queue}`),
  });
  cleanup.push(
    () => broker.close(),
    () => fs.rmSync(persist, { recursive: true, force: true }),
  );
  broker.setConsumers(
    "app",
    consumers.map((consumer) => ({ ...defaults, ...consumer })),
  );
  const send = (bodies: string[], delaySeconds = 0, queue = "jobs") =>
    broker.send(
      queue,
      bodies.map((body) => ({ body: new TextEncoder().encode(body), contentType: "text", delaySeconds })),
    );
  return { broker, clock, batches, reports, paused, state, send, persist };
}

/** A delivery the test finishes by hand. */
function deferred() {
  let resolve!: (result: DeliveryResult) => void;
  const promise = new Promise<DeliveryResult>((r) => (resolve = r));
  return { promise, resolve };
}

test("a full batch is delivered at once; a partial one once its oldest message waited max_batch_timeout", async () => {
  const { broker, clock, batches, send } = setup();
  await send(["a", "b"]);
  clock.advance(4_999);
  expect(batches).toHaveLength(0);
  clock.advance(1);
  await broker.idle();
  expect(batches.map(text)).toEqual([["a", "b"]]);
  await send(["c", "d", "e", "f"]);
  await broker.idle();
  expect(batches.map(text)).toEqual([
    ["a", "b"],
    ["c", "d", "e"],
  ]);
  clock.advance(5_000);
  await broker.idle();
  expect(batches.map(text)).toEqual([["a", "b"], ["c", "d", "e"], ["f"]]);
  expect(broker.metrics("jobs")).toEqual({ backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: 0 });
});

test("a batch carries ids, timestamps, attempts and the backlog; send answers the backlog before its messages", async () => {
  const { broker, clock, batches, send } = setup([{ maxBatchSize: 2 }]);
  expect(await send(["a"])).toEqual({ backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: 0 });
  const sentAt = clock.now();
  clock.advance(1_000);
  expect(await send(["bb"])).toEqual({ backlogCount: 1, backlogBytes: 1, oldestMessageTimestamp: sentAt });
  await broker.idle();
  const [batch] = batches;
  expect(batch!.queue).toBe("jobs");
  expect(batch!.metrics).toEqual({ backlogCount: 2, backlogBytes: 3, oldestMessageTimestamp: sentAt });
  expect(
    batch!.messages.map(({ id, timestamp, attempts, contentType }) => ({ id: id.length, timestamp, attempts, contentType })),
  ).toEqual([
    { id: 32, timestamp: sentAt, attempts: 1, contentType: "text" },
    { id: 32, timestamp: sentAt + 1_000, attempts: 1, contentType: "text" },
  ]);
});

test("sends that arrive together are stored together, each answered with the backlog before it", async () => {
  const { broker, send } = setup([{ queue: "elsewhere" }]);
  const answers = await Promise.all([send(["a"]), send(["bb"], 0, "other"), send(["ccc"])]);
  expect(answers.map((metrics) => [metrics.backlogCount, metrics.backlogBytes])).toEqual([
    [0, 0],
    [0, 0],
    [1, 1],
  ]);
  expect(broker.metrics("jobs")).toMatchObject({ backlogCount: 2, backlogBytes: 4 });
});

test("a throwing handler's messages come back with attempts counting up, except those it acknowledged", async () => {
  const { broker, clock, batches, state, send } = setup([{ maxBatchTimeout: 0, retryDelay: 10 }]);
  state.answer = (batch) =>
    batch.messages[0]!.attempts === 1
      ? { status: "delivered", failed: true, error: new Error("boom"), verdict: verdict({ acks: [batch.messages[0]!.id] }) }
      : ok;
  await send(["a", "b", "c"]);
  await broker.idle();
  clock.advance(9_999);
  await broker.idle();
  expect(batches).toHaveLength(1);
  clock.advance(1);
  await broker.idle();
  expect(batches.map((batch) => batch.messages.map((m) => [new TextDecoder().decode(m.body), m.attempts]))).toEqual([
    [
      ["a", 1],
      ["b", 1],
      ["c", 1],
    ],
    [
      ["b", 2],
      ["c", 2],
    ],
  ]);
  expect(broker.metrics("jobs").backlogCount).toBe(0);
});

test("retry() and retryAll() delays win over retry_delay; send delays hold a message back", async () => {
  const { broker, clock, batches, state, send } = setup([{ maxBatchSize: 1, maxBatchTimeout: 0, retryDelay: 100 }]);
  state.answer = (batch) => {
    const [message] = batch.messages;
    if (message!.attempts > 1) return ok;
    const body = new TextDecoder().decode(message!.body);
    if (body === "own")
      return { status: "delivered", failed: false, verdict: verdict({ retries: [{ id: message!.id, delaySeconds: 20 }] }) };
    return { status: "delivered", failed: false, verdict: verdict({ retryAll: true, retryAllDelay: 40 }) };
  };
  await send(["own", "all"]);
  await send(["late"], 30);
  await broker.idle();
  const seen = () => batches.map((batch) => `${text(batch)[0]}#${batch.messages[0]!.attempts}`);
  expect(seen()).toEqual(["own#1", "all#1"]);
  for (const [ms, expected] of [
    [20_000, ["own#1", "all#1", "own#2"]],
    [10_000, ["own#1", "all#1", "own#2", "late#1"]],
    [10_000, ["own#1", "all#1", "own#2", "late#1", "all#2"]],
  ] as const) {
    clock.advance(ms);
    await broker.idle();
    expect(seen()).toEqual(expected);
  }
});

test("past max_retries a message moves to the dead-letter queue, where its attempts start over", async () => {
  const { broker, clock, batches, reports, state, send } = setup([
    { maxBatchTimeout: 0, maxRetries: 1, deadLetterQueue: "dlq" },
    { queue: "dlq", maxBatchTimeout: 0 },
  ]);
  state.answer = (batch) => (batch.queue === "jobs" ? { status: "delivered", failed: true, error: new Error("no") } : ok);
  await send(["x"]);
  await broker.idle();
  clock.advance(0);
  await broker.idle();
  expect(batches.map((batch) => [batch.queue, batch.messages[0]!.attempts])).toEqual([
    ["jobs", 1],
    ["jobs", 2],
    ["dlq", 1],
  ]);
  expect(batches[2]!.messages[0]!.id).toBe(batches[0]!.messages[0]!.id);
  expect(reports.map((report) => report.decisions.map((d) => d.action))).toEqual([["retry"], ["dead-letter"], ["ack"]]);
  expect(broker.metrics("jobs").backlogCount + broker.metrics("dlq").backlogCount).toBe(0);
});

test("without a dead-letter queue an exhausted message is dropped", async () => {
  const { broker, clock, batches, reports, state, send } = setup([{ maxBatchTimeout: 0, maxRetries: 0 }]);
  state.answer = () => ({ status: "delivered", failed: true });
  await send(["x"]);
  await broker.idle();
  clock.advance(0);
  await broker.idle();
  expect(batches).toHaveLength(1);
  expect(reports[0]!.decisions).toEqual([{ id: batches[0]!.messages[0]!.id, action: "drop", attempts: 1 }]);
  expect(broker.metrics("jobs").backlogCount).toBe(0);
});

test("max_concurrency bounds the batches in flight, and a message is in one delivery at a time", async () => {
  const { broker, batches, state, send } = setup([{ maxBatchSize: 1, maxBatchTimeout: 0, maxConcurrency: 2 }]);
  const pending: ReturnType<typeof deferred>[] = [];
  state.answer = () => {
    const delivery = deferred();
    pending.push(delivery);
    return delivery.promise;
  };
  await send(["a", "b", "c", "d"]);
  expect(batches.map(text)).toEqual([["a"], ["b"]]);
  pending.shift()!.resolve(ok);
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches.map(text)).toEqual([["a"], ["b"], ["c"]]);
  while (pending.length > 0) {
    pending.shift()!.resolve(ok);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await broker.idle();
  expect(batches.map(text).flat()).toEqual(["a", "b", "c", "d"]);
});

test("a queue without a consumer keeps its messages; a consumer added later gets them", async () => {
  const { broker, batches, send } = setup([{ maxBatchTimeout: 0 }]);
  await send(["kept"], 0, "other");
  await broker.idle();
  expect(batches).toHaveLength(0);
  expect(broker.metrics("other").backlogCount).toBe(1);
  broker.setConsumers("app", [
    { ...defaults, maxBatchTimeout: 0 },
    { ...defaults, queue: "other", maxBatchTimeout: 0 },
  ]);
  await broker.idle();
  expect(batches.map(text)).toEqual([["kept"]]);
});

test("a worker whose code does not load keeps its messages without counting attempts until setConsumers resumes it", async () => {
  const { broker, batches, paused, state, send } = setup([{ maxBatchTimeout: 0 }]);
  state.answer = () => ({ status: "not-running", error: new Error("SyntaxError") });
  await send(["a"]);
  await broker.idle();
  await send(["b"]);
  await broker.idle();
  expect(batches).toHaveLength(1);
  expect(paused).toEqual(["app/jobs"]);
  state.answer = () => ok;
  broker.setConsumers("app", [{ ...defaults, maxBatchTimeout: 0 }]);
  await broker.idle();
  expect(batches.slice(1).map((batch) => batch.messages.map((m) => [new TextDecoder().decode(m.body), m.attempts]))).toEqual([
    [
      ["a", 1],
      ["b", 1],
    ],
  ]);
});

test("messages a dead process had in flight are delivered again by the next broker", async () => {
  const first = setup([{ maxBatchTimeout: 0 }]);
  first.state.answer = () => new Promise(() => {}); // the process dies before the handler finishes
  await first.send(["a", "b"]);
  expect(first.batches).toHaveLength(1);
  const second = setup([{ maxBatchTimeout: 0 }], first.persist);
  await second.broker.idle();
  expect(second.batches.map(text)).toEqual([["a", "b"]]);
  expect(second.broker.metrics("jobs").backlogCount).toBe(0);
});

test("http_pull: pulled messages are leased, acknowledged or retried by lease id, and a lease that runs out counts as an attempt", async () => {
  const { broker, clock, send } = setup([{ type: "http_pull", maxRetries: 1, deadLetterQueue: "dlq" }]);
  await send(["a", "b", "c"]);
  const first = broker.pull("jobs", 2, 1_000)!;
  expect(first.rows.map((row) => new TextDecoder().decode(row.body))).toEqual(["a", "b"]);
  expect(broker.pull("jobs", 5)!.rows.map((row) => new TextDecoder().decode(row.body))).toEqual(["c"]);
  const [a, b] = first.rows.map((row) => `${first.leaseId}-${row.id}`);
  expect(broker.acknowledge("jobs", [a!, "nope-x"], [{ leaseId: b!, delaySeconds: 10 }])).toEqual({
    ackCount: 1,
    retryCount: 1,
    warnings: ['lease_id "nope-x" holds no message of queue "jobs" (its lease expired, or it was acknowledged).'],
  });
  expect(broker.pull("jobs", 5)!.rows).toEqual([]);
  clock.advance(30_000); // b's retry delay and c's visibility timeout have passed
  const again = broker.pull("jobs", 5)!;
  expect(again.rows.map((row) => [new TextDecoder().decode(row.body), row.attempts])).toEqual([
    ["b", 1],
    ["c", 1],
  ]);
  clock.advance(30_000);
  expect(broker.pull("jobs", 5)!.rows).toEqual([]); // both failed twice: moved to the dead-letter queue
  expect(broker.metrics("dlq").backlogCount).toBe(2);
  expect(broker.pull("elsewhere", 1)).toBeUndefined();
});
