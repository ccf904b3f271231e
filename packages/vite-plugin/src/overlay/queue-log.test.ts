import { Console } from "node:console";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { createLogger } from "vite";
import { expect, test } from "vitest";
import type { QueueBatchReport } from "@kindling/runtime/host";
import { QueueLog } from "./queue-log.js";

/** A real Vite logger writing into a string, and a clock the test moves. */
function createLog() {
  let output = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString())));
  const logger = createLogger("info", { console: new Console(stream, stream), allowClearScreen: false });
  const clock = { now: 0 };
  const log = new QueueLog(logger, () => clock.now);
  const lines = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return output
      .split("\n")
      .filter(Boolean)
      .map((line) => line.replace(/^.*?\[kindling\]/, "[kindling]"));
  };
  return { log, clock, lines };
}

const id = (n: number) => String(n).repeat(32);
const report = (partial: Partial<QueueBatchReport>): QueueBatchReport => ({
  queue: "jobs",
  consumer: "app",
  failed: false,
  decisions: [],
  maxAttempts: 4,
  ...partial,
});

test("a failed batch, explicit retries, dead letters and drops each get a line; acknowledged batches none", async () => {
  const { log, lines } = createLog();
  log.batch(report({ decisions: [{ id: id(1), action: "ack" }] }));
  log.batch(
    report({
      failed: true,
      error: new TypeError("bad input"),
      decisions: [
        { id: id(1), action: "ack" },
        { id: id(2), action: "retry", attempts: 1, delaySeconds: 0 },
      ],
    }),
  );
  log.batch(report({ decisions: [{ id: id(3), action: "retry", attempts: 2, delaySeconds: 30 }] }));
  log.batch(report({ failed: true, decisions: [{ id: id(4), action: "dead-letter", queue: "dlq", attempts: 4 }] }));
  log.batch(report({ consumer: "http_pull", failed: true, decisions: [{ id: id(5), action: "drop", attempts: 4 }] }));
  expect(await lines()).toMatchInlineSnapshot(`
    [
      "[kindling] queue "jobs": delivery of 2 messages to worker "app" failed (TypeError: bad input); retrying 1 of 2 messages (attempt 2 of 4, in 0 s).",
      "[kindling] queue "jobs": retrying it (attempt 3 of 4, in 30 s).",
      "[kindling] queue "jobs": delivery of 1 message to worker "app" failed.",
      "[kindling] queue "jobs": moved message "44444444444444444444444444444444" to dead-letter queue "dlq" after 4 failed attempts.",
      "[kindling] queue "jobs": 1 pulled message not acknowledged within the visibility timeout.",
      "[kindling] queue "jobs": dropped message "55555555555555555555555555555555" after 4 failed attempts (no "dead_letter_queue" is configured).",
    ]
  `);
});

test("alike lines within a second are counted, and the count is printed when they stop", async () => {
  const { log, clock, lines } = createLog();
  const failure = (n: number) =>
    report({ failed: true, error: new Error("down"), decisions: [{ id: id(n), action: "retry", attempts: n, delaySeconds: 0 }] });
  for (let n = 1; n <= 3; n++) {
    log.batch(failure(n));
    clock.now += 400;
  }
  log.batch(report({ failed: true, error: new Error("other"), decisions: [] }));
  clock.now += 2_000;
  log.batch(failure(1));
  expect(await lines()).toMatchInlineSnapshot(`
    [
      "[kindling] queue "jobs": delivery of 1 message to worker "app" failed (Error: down); retrying it (attempt 2 of 4, in 0 s).",
      "[kindling] queue "jobs": delivery of 0 messages to worker "app" failed (Error: other).",
      "[kindling] 2 more lines like: [kindling] queue "jobs": delivery of 1 message to worker "app" failed (Error: down); retrying it (attempt 2 of 4, in 0 s).",
      "[kindling] queue "jobs": delivery of 1 message to worker "app" failed (Error: down); retrying it (attempt 2 of 4, in 0 s).",
    ]
  `);
});
