/**
 * What a producer may send, with workerd's wording for argument errors and the queue broker's
 * (as Miniflare copies production's) for limits: https://developers.cloudflare.com/queues/platform/limits/
 */
import type { QueueContentType } from "../../protocol/queues.js";

/** 128 KB (Cloudflare counts 1 KB as 1000 bytes). */
export const MAX_MESSAGE_BYTES = 128_000;
export const MAX_BATCH_MESSAGES = 100;
/** 256 KB per sendBatch call (Miniflare allows 288,000 bytes). */
export const MAX_BATCH_BYTES = 256_000;
/** 24 hours, for `delaySeconds` when sending and retrying. */
export const MAX_DELAY_SECONDS = 86_400;

const contentTypes: readonly QueueContentType[] = ["text", "bytes", "json", "v8"];

export function toContentType(value: unknown): QueueContentType {
  const type = String(value).toLowerCase();
  if (!contentTypes.includes(type as QueueContentType)) {
    throw new TypeError(`Unsupported queue message content type: ${String(value)}`);
  }
  return type as QueueContentType;
}

/** An `int` argument of workerd's API: converted as WebIDL does (ToInt32), so 1.5 is 1 and NaN is 0. */
export function toSeconds(value: unknown): number {
  return Number(value) | 0;
}

/** The options argument of `send`/`sendBatch` (a dictionary: undefined and null are "none"). */
export function toOptions(value: unknown, method: string, type: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" && typeof value !== "function") {
    throw new TypeError(`Failed to execute '${method}' on 'WorkerQueue': parameter 2 is not of type '${type}'.`);
  }
  return value as Record<string, unknown>;
}

export function assertDelay(seconds: number, failed: string): void {
  if (seconds < 0 || seconds > MAX_DELAY_SECONDS) {
    throw new Error(`${failed}: message delay ${seconds} is invalid: it must be between 0 and ${MAX_DELAY_SECONDS} seconds`);
  }
}

export function assertMessageSize(bytes: number): void {
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new Error(`Queue send failed: message length of ${bytes} bytes exceeds limit of ${MAX_MESSAGE_BYTES}`);
  }
}

export function assertBatchSize(sizes: readonly number[]): void {
  const failed = "Queue sendBatch failed";
  if (sizes.length > MAX_BATCH_MESSAGES) {
    throw new Error(`${failed}: batch message count of ${sizes.length} exceeds limit of ${MAX_BATCH_MESSAGES}`);
  }
  const largest = Math.max(...sizes);
  if (largest > MAX_MESSAGE_BYTES) {
    throw new Error(
      `${failed}: message in batch has length ${largest} bytes which exceeds single message size limit of ${MAX_MESSAGE_BYTES}`,
    );
  }
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total > MAX_BATCH_BYTES) {
    throw new Error(`${failed}: batch size of ${total} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  }
}
