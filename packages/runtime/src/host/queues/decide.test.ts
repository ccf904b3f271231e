import { expect, test } from "vitest";
import type { QueueVerdict } from "../../protocol/queues.js";
import { decide } from "./decide.js";

const consumer = { maxRetries: 3, retryDelay: 7 };
const rows = [
  { id: "a", attempts: 0 },
  { id: "b", attempts: 0 },
  { id: "c", attempts: 2 },
];
const verdict = (partial: Partial<QueueVerdict>): QueueVerdict => ({
  ackAll: false,
  retryAll: false,
  acks: [],
  retries: [],
  ...partial,
});

test("a batch whose handler succeeded is acknowledged, except the messages it retried", () => {
  expect(decide(rows, { failed: false, verdict: verdict({ retries: [{ id: "b", delaySeconds: 30 }] }) }, consumer)).toEqual([
    { id: "a", action: "ack" },
    { id: "b", action: "retry", attempts: 1, delaySeconds: 30 },
    { id: "c", action: "ack" },
  ]);
});

test("a failed batch retries every message not explicitly acknowledged, after retry_delay", () => {
  expect(decide(rows, { failed: true, verdict: verdict({ acks: ["a"] }) }, consumer)).toEqual([
    { id: "a", action: "ack" },
    { id: "b", action: "retry", attempts: 1, delaySeconds: 7 },
    { id: "c", action: "retry", attempts: 3, delaySeconds: 7 },
  ]);
});

test("retryAll() retries every message not acknowledged, with its delay unless a message gave its own", () => {
  const calls = verdict({ retryAll: true, retryAllDelay: 60, acks: ["a"], retries: [{ id: "c" }] });
  expect(decide(rows, { failed: false, verdict: calls }, consumer)).toEqual([
    { id: "a", action: "ack" },
    { id: "b", action: "retry", attempts: 1, delaySeconds: 60 },
    { id: "c", action: "retry", attempts: 3, delaySeconds: 60 },
  ]);
});

test("ackAll() acknowledges a failed batch too, but an explicit retry() wins over it", () => {
  const calls = verdict({ ackAll: true, retries: [{ id: "b" }] });
  expect(decide(rows, { failed: true, verdict: calls }, consumer).map((d) => d.action)).toEqual(["ack", "retry", "ack"]);
});

test("past max_retries a message goes to the dead-letter queue, or is dropped without one", () => {
  const exhausted = [{ id: "x", attempts: 3 }];
  expect(decide(exhausted, { failed: true }, { ...consumer, deadLetterQueue: "dlq" })).toEqual([
    { id: "x", action: "dead-letter", queue: "dlq", attempts: 4 },
  ]);
  expect(decide(exhausted, { failed: true }, consumer)).toEqual([{ id: "x", action: "drop", attempts: 4 }]);
  expect(decide([{ id: "y", attempts: 0 }], { failed: true }, { ...consumer, maxRetries: 0 })).toEqual([
    { id: "y", action: "drop", attempts: 1 },
  ]);
});
