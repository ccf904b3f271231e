/**
 * What became of the messages the broker delivered lately (acknowledged, retried, moved to a
 * dead-letter queue, dropped), for the explorer: an acknowledged message is deleted from the store,
 * so its fate is only known here. Bounded: the oldest entries go first.
 */
import type { Decision } from "./decide.js";

export interface QueueActivityEntry {
  /** When the batch settled (ms since the epoch). */
  at: number;
  queue: string;
  /** The consuming worker, or "http_pull". */
  consumer: string;
  id: string;
  action: Decision["action"];
  /** Failed deliveries so far (retry, dead-letter, drop). */
  attempts?: number;
  /** retry: seconds before the next delivery. */
  delaySeconds?: number;
  /** dead-letter: where the message went. */
  deadLetterQueue?: string;
}

export class QueueActivity {
  #entries: QueueActivityEntry[] = [];
  #limit: number;

  constructor(limit = 500) {
    this.#limit = limit;
  }

  record(queue: string, consumer: string, at: number, decisions: readonly Decision[]): void {
    for (const decision of decisions) {
      const entry: QueueActivityEntry = { at, queue, consumer, id: decision.id, action: decision.action };
      if (decision.action !== "ack") entry.attempts = decision.attempts;
      if (decision.action === "retry") entry.delaySeconds = decision.delaySeconds;
      if (decision.action === "dead-letter") entry.deadLetterQueue = decision.queue;
      this.#entries.push(entry);
    }
    if (this.#entries.length > this.#limit) this.#entries.splice(0, this.#entries.length - this.#limit);
  }

  /** Newest first: what happened to messages of `queue`, and what arrived in it from a dead-lettering queue. */
  of(queue: string): QueueActivityEntry[] {
    return this.#entries.filter((entry) => entry.queue === queue || entry.deadLetterQueue === queue).toReversed();
  }
}
