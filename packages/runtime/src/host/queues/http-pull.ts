/**
 * http_pull consumers: pulled messages are leased for a visibility timeout, then acknowledged or
 * retried by lease id (`<lease>-<message id>`). A lease that runs out counts as a failed attempt,
 * found at the next pull, as production redelivers such a message.
 */
import type { QueueConsumerConfig, QueueVerdict } from "../../protocol/queues.js";
import { newId, type MessageRow, type QueueStore } from "./queue-store.js";

export interface PullContext {
  store: QueueStore;
  now: number;
  config: QueueConsumerConfig;
  /** Applies the outcome for these messages (acks, retries, dead letters) and reports it. */
  settle(rows: readonly MessageRow[], result: { failed: boolean; verdict?: QueueVerdict }): void;
}

export function pullMessages(
  queue: string,
  { store, now, config, settle }: PullContext,
  batchSize: number,
  visibilityTimeoutMs = config.visibilityTimeoutMs,
): { leaseId: string; rows: MessageRow[] } {
  const expired = store.expired(queue, now);
  if (expired.length > 0) settle(expired, { failed: true });
  const lease = newId();
  return { leaseId: lease, rows: store.lease(queue, batchSize, now, lease, now + visibilityTimeoutMs) };
}

export function acknowledgePulled(
  queue: string,
  { store, settle }: PullContext,
  acks: readonly string[],
  retries: readonly { leaseId: string; delaySeconds?: number }[],
): { ackCount: number; retryCount: number; warnings: string[] } {
  const warnings: string[] = [];
  const rows = new Map<string, MessageRow>();
  const verdict: QueueVerdict = { ackAll: false, retryAll: false, acks: [], retries: [] };
  const held = (leaseId: string) => {
    const [lease, id] = leaseId.split("-");
    const row = lease && id ? store.leased(lease).find((candidate) => candidate.id === id) : undefined;
    if (row?.queue === queue) return (rows.set(row.id, row), row);
    warnings.push(`lease_id "${leaseId}" holds no message of queue "${queue}" (its lease expired, or it was acknowledged).`);
    return undefined;
  };
  for (const leaseId of acks) {
    const row = held(leaseId);
    if (row) verdict.acks.push(row.id);
  }
  for (const { leaseId, delaySeconds } of retries) {
    const row = held(leaseId);
    if (row) verdict.retries.push({ id: row.id, delaySeconds });
  }
  settle([...rows.values()], { failed: false, verdict });
  return { ackCount: verdict.acks.length, retryCount: verdict.retries.length, warnings };
}
