import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "../resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-config-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (config: object, envName?: string) => {
  fs.writeFileSync(
    path.join(root, "wrangler.json"),
    JSON.stringify({ name: "app", main: "index.ts", compatibility_date: "2026-01-01", ...config }),
  );
  return resolveWorkerConfig({ root, envName, now: new Date("2026-06-01") });
};

test("producers become queue bindings; bodies default to JSON from 2024-03-18 (queues_json_messages)", () => {
  const producers = [
    { binding: "JOBS", queue: "jobs", delivery_delay: 30 },
    { binding: "LOGS", queue: "logs" },
  ];
  expect(resolve({ queues: { producers } }).bindings).toEqual([
    { type: "queue", name: "JOBS", queueName: "jobs", deliveryDelay: 30, defaultContentType: "json" },
    { type: "queue", name: "LOGS", queueName: "logs", deliveryDelay: 0, defaultContentType: "json" },
  ]);
  const old = (flags: string[]) =>
    resolve({ compatibility_date: "2024-01-01", compatibility_flags: flags, queues: { producers } }).bindings[0];
  expect(old([])).toMatchObject({ defaultContentType: "v8" });
  expect(old(["queues_json_messages"])).toMatchObject({ defaultContentType: "json" });
  expect(resolve({ compatibility_flags: ["no_queues_json_messages"], queues: { producers } }).bindings[0]).toMatchObject({
    defaultContentType: "v8",
  });
});

test("consumers get Cloudflare's defaults; set values are kept", () => {
  const config = resolve({
    queues: {
      consumers: [
        { queue: "jobs" },
        {
          queue: "mail",
          max_batch_size: 50,
          max_batch_timeout: 0.5,
          max_retries: 0,
          dead_letter_queue: "mail-dlq",
          max_concurrency: 2,
          retry_delay: 60,
        },
        { queue: "pulled", type: "http_pull", visibility_timeout_ms: 1000 },
      ],
    },
  });
  expect(config.queueConsumers).toEqual([
    {
      queue: "jobs",
      type: "worker",
      maxBatchSize: 10,
      maxBatchTimeout: 5,
      maxRetries: 3,
      maxConcurrency: 250,
      retryDelay: 0,
      visibilityTimeoutMs: 30_000,
    },
    {
      queue: "mail",
      type: "worker",
      maxBatchSize: 50,
      maxBatchTimeout: 0.5,
      maxRetries: 0,
      deadLetterQueue: "mail-dlq",
      maxConcurrency: 2,
      retryDelay: 60,
      visibilityTimeoutMs: 30_000,
    },
    expect.objectContaining({ queue: "pulled", type: "http_pull", visibilityTimeoutMs: 1000 }),
  ]);
  expect(config.warnings).toEqual([]);
});

test("an env section has its own queues, as wrangler reads them (not inherited)", () => {
  const config = resolve(
    {
      queues: { producers: [{ binding: "Q", queue: "top" }], consumers: [{ queue: "top" }] },
      env: { staging: { queues: { producers: [{ binding: "Q", queue: "staging" }] } } },
    },
    "staging",
  );
  expect(config.bindings).toMatchObject([{ name: "Q", queueName: "staging" }]);
  expect(config.queueConsumers).toEqual([]);
});

test("values past Cloudflare's limits, a queue consumed twice and a queue that dead-letters to itself are config errors", () => {
  expect(() => resolve({ queues: { consumers: [{ queue: "q", max_batch_size: 200, max_batch_timeout: 61 }] } }))
    .toThrowErrorMatchingInlineSnapshot(`
    [KindlingConfigError: [kindling] wrangler.json: "queues.consumers[0].max_batch_size" must be at most 100 (Cloudflare's limit), got 200.
    [kindling] wrangler.json: "queues.consumers[0].max_batch_timeout" must be at most 60 seconds (Cloudflare's limit), got 61.]
  `);
  expect(() =>
    resolve({ queues: { producers: [{ binding: "Q", queue: "q", delivery_delay: 1.5 }] } }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "queues.producers[0].delivery_delay" must be an integer, got 1.5.]`,
  );
  expect(() =>
    resolve({ queues: { consumers: [{ queue: "q" }, { queue: "q", max_retries: 1 }] } }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "queues.consumers[1]" consumes queue "q", as "queues.consumers[0]" does. A queue has one consumer: remove one of the two.]`,
  );
  expect(() => resolve({ queues: { consumers: [{ queue: "q", dead_letter_queue: "q" }] } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "queues.consumers[0]" names queue "q" as its own "dead_letter_queue". Name another queue, or remove "dead_letter_queue" to drop messages that run out of retries.]`,
  );
  expect(() => resolve({ queues: { consumers: [{ queue: "q", type: "push" }] } })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "queues.consumers[0].type" must be "worker" or "http_pull", got "push".]`,
  );
});
