/**
 * The consumer's side of a delivery: `queue(batch, env, ctx)` gets a `MessageBatch` (workerd's
 * `QueueController`) of `Message`s (`QueueMessage`). Their ack/retry calls make the verdict the
 * broker applies; calls that contradict an earlier one are ignored with workerd's warning.
 */
import type { QueueDeliveredMessage, QueueMetrics, QueueVerdict } from "../../protocol/queues.js";
import { deserializeBody } from "./serialize.js";
import { MAX_DELAY_SECONDS, toSeconds } from "./validate.js";

/** The calls made on one batch so far. */
export class BatchVerdict {
  ackAll = false;
  retryAll = false;
  retryAllDelay: number | undefined;
  acks = new Set<string>();
  retries = new Map<string, number | undefined>();

  toWire(): QueueVerdict {
    return {
      ackAll: this.ackAll,
      retryAll: this.retryAll,
      ...(this.retryAllDelay === undefined ? {} : { retryAllDelay: this.retryAllDelay }),
      acks: [...this.acks],
      retries: [...this.retries].map(([id, delaySeconds]) => (delaySeconds === undefined ? { id } : { id, delaySeconds })),
    };
  }
}

export class QueueMessage<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  readonly attempts: number;
  #verdict: BatchVerdict;

  constructor(message: QueueDeliveredMessage, verdict: BatchVerdict) {
    this.id = message.id;
    this.timestamp = new Date(message.timestamp);
    this.body = deserializeBody(message.body, message.contentType) as Body;
    this.attempts = message.attempts;
    this.#verdict = verdict;
  }

  get [Symbol.toStringTag](): string {
    return "QueueMessage";
  }

  retry(options?: { delaySeconds?: number }): void {
    const delay = retryDelay(options);
    const verdict = this.#verdict;
    if (verdict.ackAll) return ignored(`retry() on message ${this.id}`, "retry() on a message", "ackAll()");
    if (verdict.acks.has(this.id)) return ignored(`retry() on message ${this.id}`, "retry() on a message", "ack()");
    verdict.retries.set(this.id, delay ?? verdict.retries.get(this.id));
  }

  ack(): void {
    const verdict = this.#verdict;
    if (verdict.ackAll) return;
    if (verdict.retryAll) return ignored(`ack() on message ${this.id}`, "ack() on a message", "retryAll()");
    if (verdict.retries.has(this.id)) return ignored(`ack() on message ${this.id}`, "ack() on a message", "retry()");
    verdict.acks.add(this.id);
  }
}

export class QueueController<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
  readonly metadata: { metrics: { backlogCount: number; backlogBytes: number; oldestMessageTimestamp?: Date } };
  #verdict: BatchVerdict;

  constructor(queue: string, messages: QueueDeliveredMessage[], metrics: QueueMetrics, verdict: BatchVerdict) {
    this.queue = queue;
    this.messages = messages.map((message) => new QueueMessage<Body>(message, verdict));
    const { backlogCount, backlogBytes, oldestMessageTimestamp } = metrics;
    const oldest = oldestMessageTimestamp === 0 ? undefined : new Date(oldestMessageTimestamp);
    this.metadata = { metrics: { backlogCount, backlogBytes, oldestMessageTimestamp: oldest } };
    this.#verdict = verdict;
  }

  get [Symbol.toStringTag](): string {
    return "QueueController";
  }

  retryAll(options?: { delaySeconds?: number }): void {
    const delay = retryDelay(options);
    const verdict = this.#verdict;
    if (verdict.ackAll) return ignored("retryAll()", "retryAll()", "ackAll()");
    verdict.retryAll = true;
    verdict.retryAllDelay = delay ?? verdict.retryAllDelay;
  }

  ackAll(): void {
    const verdict = this.#verdict;
    if (verdict.retryAll) return ignored("ackAll()", "ackAll()", "retryAll()");
    verdict.ackAll = true;
  }
}

/** The batch for a delivery, and how to read the verdict once the handler is done. */
export function createMessageBatch(
  queue: string,
  messages: QueueDeliveredMessage[],
  metrics: QueueMetrics,
): { batch: QueueController; verdict(): QueueVerdict } {
  const verdict = new BatchVerdict();
  return { batch: new QueueController(queue, messages, metrics, verdict), verdict: () => verdict.toWire() };
}

function retryDelay(options: { delaySeconds?: number } | undefined): number | undefined {
  if (options === undefined || options === null || options.delaySeconds === undefined) return undefined;
  const seconds = toSeconds(options.delaySeconds);
  if (seconds < 0 || seconds > MAX_DELAY_SECONDS) {
    throw new RangeError(`delaySeconds must be between 0 and ${MAX_DELAY_SECONDS} (24 hours), got ${seconds}.`);
  }
  return seconds;
}

/** workerd's warning (IoContext::logWarning) for a call that an earlier one overrides. */
function ignored(call: string, what: string, earlier: string): void {
  console.warn(
    `Received a call to ${call} after ${earlier} was already called. Calling ${what} after calling ${earlier} has no effect.`,
  );
}
