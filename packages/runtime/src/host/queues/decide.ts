/**
 * What becomes of each message of a delivered batch, from the handler's calls and outcome
 * (https://developers.cloudflare.com/queues/configuration/batching-retries/): an explicit
 * `ack()` or `retry()` wins over the batch's default; the default is to acknowledge when the
 * handler succeeded, and to retry when it failed or called `retryAll()`. A message retried more
 * than `max_retries` times goes to the dead-letter queue, or is dropped when there is none.
 */
import type { QueueConsumerConfig, QueueVerdict } from "../../protocol/queues.js";

export type Decision =
  | { id: string; action: "ack" }
  | { id: string; action: "retry"; attempts: number; delaySeconds: number }
  | { id: string; action: "dead-letter"; queue: string; attempts: number }
  | { id: string; action: "drop"; attempts: number };

export interface DeliveredRow {
  id: string;
  /** Failed deliveries before this one. */
  attempts: number;
}

/** `failed`: the handler threw, was missing, or its generation died before it finished. */
export function decide(
  messages: readonly DeliveredRow[],
  result: { failed: boolean; verdict?: QueueVerdict },
  consumer: Pick<QueueConsumerConfig, "maxRetries" | "retryDelay" | "deadLetterQueue">,
): Decision[] {
  const verdict = result.verdict;
  const acks = new Set(verdict?.acks);
  const retries = new Map(verdict?.retries.map((retry) => [retry.id, retry.delaySeconds]));
  const batchDelay = verdict?.retryAllDelay ?? consumer.retryDelay;
  const retryByDefault = result.failed || verdict?.retryAll === true;
  return messages.map(({ id, attempts }) => {
    if (acks.has(id)) return { id, action: "ack" };
    let delaySeconds: number;
    if (retries.has(id)) delaySeconds = retries.get(id) ?? batchDelay;
    else if (retryByDefault && !verdict?.ackAll) delaySeconds = batchDelay;
    else return { id, action: "ack" };
    const failures = attempts + 1;
    if (failures <= consumer.maxRetries) return { id, action: "retry", attempts: failures, delaySeconds };
    if (consumer.deadLetterQueue !== undefined) {
      return { id, action: "dead-letter", queue: consumer.deadLetterQueue, attempts: failures };
    }
    return { id, action: "drop", attempts: failures };
  });
}
