/**
 * `queues.producers` -> queue producer descriptors (`env.QUEUE`), and `queues.consumers` -> the
 * queues this worker consumes, for the dev server's broker. Limits are Cloudflare's
 * (https://developers.cloudflare.com/queues/platform/limits/), defaults its documented ones
 * (https://developers.cloudflare.com/queues/configuration/configure-queues/).
 */
import { z } from "zod";
import type { QueueConsumerConfig } from "@kindling/runtime/protocol";
import { KindlingConfigError } from "../errors.js";
import { defineConfigUnit, type ReadContext } from "./define.js";

const seconds = (max: number, what: string) =>
  z.number().int().min(0, "must be 0 or more").max(max, `must be at most ${max} (${what})`);

const producer = z.looseObject({
  binding: z.string().min(1),
  queue: z.string().min(1),
  delivery_delay: seconds(86_400, "24 hours").optional(),
});

const consumer = z.looseObject({
  queue: z.string().min(1),
  type: z.enum(["worker", "http_pull"], { error: `must be "worker" or "http_pull"` }).optional(),
  max_batch_size: z.number().int().min(1, "must be 1 or more").max(100, "must be at most 100 (Cloudflare's limit)").optional(),
  max_batch_timeout: z.number().min(0, "must be 0 or more").max(60, "must be at most 60 seconds (Cloudflare's limit)").optional(),
  max_retries: z.number().int().min(0, "must be 0 or more").max(100, "must be at most 100 (Cloudflare's limit)").optional(),
  dead_letter_queue: z.string().min(1).optional(),
  max_concurrency: z
    .number()
    .int()
    .min(1, "must be 1 or more")
    .max(250, "must be at most 250 (Cloudflare's limit)")
    .nullable()
    .optional(),
  retry_delay: seconds(86_400, "24 hours").optional(),
  visibility_timeout_ms: z
    .number()
    .int()
    .min(0, "must be 0 or more")
    .max(43_200_000, "must be at most 43200000 (12 hours)")
    .optional(),
});

const shape = {
  queues: z.looseObject({ producers: z.array(producer).optional(), consumers: z.array(consumer).optional() }).optional(),
};

type QueuesConfig = z.infer<z.ZodObject<typeof shape>>;

export const queuesConfig = defineConfigUnit({
  shape,
  read: (config, context) =>
    (config.queues?.producers ?? []).map((entry) => ({
      type: "queue",
      name: entry.binding,
      queueName: entry.queue,
      deliveryDelay: entry.delivery_delay ?? 0,
      defaultContentType: jsonMessages(context) ? "json" : "v8",
    })),
});

/** `queues_json_messages` (on from 2024-03-18): a body sent without a content type is JSON, not V8-serialized. */
function jsonMessages({ compatibilityDate, compatibilityFlags }: ReadContext): boolean {
  if (compatibilityFlags.includes("queues_json_messages")) return true;
  return compatibilityDate >= "2024-03-18" && !compatibilityFlags.includes("no_queues_json_messages");
}

/** The queues a worker consumes, with Cloudflare's defaults. */
export function readQueueConsumers(
  config: QueuesConfig,
  fileName: string,
  keyPath = (key: string) => key,
): QueueConsumerConfig[] {
  const seen = new Map<string, number>();
  return (config.queues?.consumers ?? []).map((entry, index) => {
    const where = `"${keyPath("queues")}.consumers[${index}]"`;
    const first = seen.get(entry.queue);
    if (first !== undefined) {
      throw new KindlingConfigError(
        `[kindling] ${fileName}: ${where} consumes queue "${entry.queue}", as "${keyPath("queues")}.consumers[${first}]" does. ` +
          `A queue has one consumer: remove one of the two.`,
      );
    }
    seen.set(entry.queue, index);
    if (entry.dead_letter_queue === entry.queue) {
      throw new KindlingConfigError(
        `[kindling] ${fileName}: ${where} names queue "${entry.queue}" as its own "dead_letter_queue". ` +
          `Name another queue, or remove "dead_letter_queue" to drop messages that run out of retries.`,
      );
    }
    return {
      queue: entry.queue,
      type: entry.type ?? "worker",
      maxBatchSize: entry.max_batch_size ?? 10,
      maxBatchTimeout: entry.max_batch_timeout ?? 5,
      maxRetries: entry.max_retries ?? 3,
      ...(entry.dead_letter_queue === undefined ? {} : { deadLetterQueue: entry.dead_letter_queue }),
      // Unset: production scales up to its limit as the backlog grows.
      maxConcurrency: entry.max_concurrency ?? 250,
      retryDelay: entry.retry_delay ?? 0,
      visibilityTimeoutMs: entry.visibility_timeout_ms ?? 30_000,
    };
  });
}
