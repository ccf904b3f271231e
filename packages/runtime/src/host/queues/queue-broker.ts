/**
 * The dev server's queue broker: one per `vite dev`, for every worker it runs. Producers' messages
 * are stored in SQLite before `send()` resolves; each queue's consumer is a worker, named by the
 * worker's name, whose `queue()` handler gets batches in its current generation (through
 * `deliver`). A message is held by one delivery at a time and deleted only once acknowledged, so
 * a batch whose generation is replaced is either acknowledged or delivered again, and a kill -9
 * loses nothing: deliveries of an earlier process are released at start.
 */
import type {
  QueueConsumerConfig,
  QueueContentType,
  QueueDeliveredMessage,
  QueueMetrics,
  QueueOutgoingMessage,
  QueueVerdict,
} from "../../protocol/queues.js";
import type { HostUnitApis } from "../../protocol/host-units.js";
import { systemTimers, type Timers } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import { decide, type Decision } from "./decide.js";
import { newId, QueueStore, settlementOf, type MessageRow } from "./queue-store.js";
import { acknowledgePulled, pullMessages, type PullContext } from "./http-pull.js";
import { SendBuffer } from "./send-buffer.js";
import { QueueActivity, type QueueActivityEntry } from "./queue-activity.js";

export interface QueueBatch {
  queue: string;
  messages: QueueDeliveredMessage[];
  metrics: QueueMetrics;
}

export type DeliveryResult =
  /** The batch reached the worker: `failed` when the handler threw or was missing, or its generation ended first. */
  | { status: "delivered"; failed: boolean; verdict?: QueueVerdict; error?: unknown }
  /** No generation of the worker can run now (its code fails to load): the messages wait, no attempt counted. */
  | { status: "not-running"; error?: unknown };

/** One queue as the explorer shows it: its consumer, its messages, and what became of those delivered lately. */
export interface QueueInspection {
  queue: string;
  metrics: QueueMetrics;
  consumer?: { worker: string; config: QueueConsumerConfig };
  /** The consuming worker's queue() cannot run until its next generation. */
  paused: boolean;
  /** Batches being delivered now. */
  inflightBatches: number;
  /** In sending order; `lease` is set while a delivery (or a pull) holds the message. */
  messages: MessageRow[];
  activity: QueueActivityEntry[];
}

/** One settled batch (or pull lease), for the terminal. */
export interface QueueBatchReport {
  queue: string;
  /** The consuming worker, or "http_pull". */
  consumer: string;
  failed: boolean;
  error?: unknown;
  decisions: Decision[];
  /** Deliveries a message gets before it is dead-lettered or dropped (`max_retries` + 1). */
  maxAttempts: number;
  /** The worker could not run the batch (its code fails to load): the messages wait for it. */
  waiting?: boolean;
}

export interface QueueBrokerOptions {
  /** State directory. */
  persist: string;
  deliver(worker: string, batch: QueueBatch): Promise<DeliveryResult>;
  timers?: Timers;
  onBatch?(report: QueueBatchReport): void;
  /** A worker's consumer cannot run until its next generation (`setConsumers` resumes it). */
  onPaused?(worker: string, queue: string, error: unknown): void;
  onError?(message: string): void;
}

interface Consumer {
  worker: string;
  config: QueueConsumerConfig;
}

interface QueueState {
  inflight: number;
  wakeAt?: number;
  cancelWake?: () => void;
}

export class QueueBroker {
  #options: QueueBrokerOptions;
  #timers: Timers;
  #store: QueueStore | undefined;
  #consumers = new Map<string, Consumer>();
  #states = new Map<string, QueueState>();
  #paused = new Set<string>();
  #sends = new SendBuffer(
    (groups) => {
      if (this.#closed) throw new Error("[kindling] The dev server is shutting down: the queue broker is closed.");
      return this.#store!.insertGroups(groups);
    },
    (queues) => {
      for (const queue of queues) this.#pump(queue);
    },
  );
  #activity = new QueueActivity();
  #active = 0;
  #idle: (() => void)[] = [];
  #closed = false;

  /** The host unit of the `queue` binding kind (protocol/host-units.ts). */
  readonly unit: HostUnitApis["queue"] = {
    send: (queue, messages) => this.send(queue, messages),
    metrics: (queue) => this.metrics(queue),
  };

  constructor(options: QueueBrokerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
  }

  /**
   * Stores the messages; resolves, once they are on disk, with the backlog as it was before them.
   * Sends that arrive together are written in one transaction: one fsync for all of them.
   */
  send(queue: string, messages: readonly QueueOutgoingMessage[]): Promise<QueueMetrics> {
    this.#open();
    const now = this.#timers.now();
    return this.#sends.add(
      queue,
      messages.map(({ body, contentType, delaySeconds }) => ({
        id: newId(),
        body,
        contentType,
        timestamp: now,
        visibleAt: now + delaySeconds * 1000,
      })),
    );
  }

  metrics(queue: string): QueueMetrics {
    return this.#open().metrics(queue);
  }

  /** The queues `worker` consumes, replacing what it consumed before; also resumes a paused worker. */
  setConsumers(worker: string, consumers: readonly QueueConsumerConfig[]): void {
    const before = [...this.#consumers].filter(([, consumer]) => consumer.worker === worker).map(([queue]) => queue);
    for (const queue of before) this.#consumers.delete(queue);
    for (const config of consumers) {
      const other = this.#consumers.get(config.queue);
      if (other) {
        this.#options.onError?.(
          `[kindling] Queue "${config.queue}" has a consumer already (worker "${other.worker}"); ` +
            `worker "${worker}" does not consume it. A queue has one consumer: remove one of the two "queues.consumers" entries.`,
        );
        continue;
      }
      this.#consumers.set(config.queue, { worker, config });
    }
    this.#paused.delete(worker);
    if (this.#consumers.size > 0) this.#open();
    for (const queue of new Set([...before, ...consumers.map((c) => c.queue)])) this.#pump(queue);
  }

  /** The consumer of `queue`, if any. */
  consumerOf(queue: string): { worker: string; config: QueueConsumerConfig } | undefined {
    return this.#consumers.get(queue);
  }

  /**
   * Sends one message and delivers it at once in a batch of its own (the /cdn-cgi trigger);
   * undefined when no worker consumes `queue`.
   */
  async deliverNow(
    queue: string,
    message: { body: Uint8Array; contentType: QueueContentType },
  ): Promise<QueueBatchReport | undefined> {
    const consumer = this.#consumers.get(queue);
    if (!consumer || consumer.config.type !== "worker") return undefined;
    const store = this.#open();
    const lease = newId();
    const now = this.#timers.now();
    store.insert(queue, [{ id: newId(), ...message, timestamp: now, visibleAt: now }], lease);
    return this.#dispatch(queue, consumer, store.leased(lease));
  }

  /** http_pull: leases up to `batchSize` messages for `visibilityTimeoutMs`; undefined without an http_pull consumer. */
  pull(queue: string, batchSize: number, visibilityTimeoutMs?: number): { leaseId: string; rows: MessageRow[] } | undefined {
    const context = this.#pullContext(queue);
    return context && pullMessages(queue, context, batchSize, visibilityTimeoutMs);
  }

  /** http_pull: acknowledges and retries pulled messages by lease id; unknown or expired ones are warnings. */
  acknowledge(
    queue: string,
    acks: readonly string[],
    retries: readonly { leaseId: string; delaySeconds?: number }[],
  ): { ackCount: number; retryCount: number; warnings: string[] } | undefined {
    const context = this.#pullContext(queue);
    return context && acknowledgePulled(queue, context, acks, retries);
  }

  /** Every queue with a consumer or with messages (the explorer adds those its workers produce to). */
  queueNames(): string[] {
    const names = new Set(this.#consumers.keys());
    for (const consumer of this.#consumers.values()) {
      if (consumer.config.deadLetterQueue !== undefined) names.add(consumer.config.deadLetterQueue);
    }
    if (this.#store || this.#consumers.size > 0) for (const queue of this.#open().queues()) names.add(queue);
    return [...names].toSorted();
  }

  /** `queue` as the explorer shows it, with up to `limit` of its messages. */
  inspect(queue: string, limit: number): QueueInspection {
    const store = this.#open();
    const consumer = this.#consumers.get(queue);
    return {
      queue,
      metrics: store.metrics(queue),
      ...(consumer ? { consumer: { worker: consumer.worker, config: consumer.config } } : {}),
      paused: consumer !== undefined && this.#paused.has(consumer.worker),
      inflightBatches: this.#states.get(queue)?.inflight ?? 0,
      messages: store.messages(queue, limit),
      activity: this.#activity.of(queue),
    };
  }

  /** Resolves once no delivery is in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.#active === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const state of this.#states.values()) state.cancelWake?.();
    this.#states.clear();
    this.#store?.close();
  }

  /** The store, opened on first use; deliveries an earlier process left unfinished are due again. */
  #open(): QueueStore {
    if (this.#closed) throw new Error("[kindling] The dev server is shutting down: the queue broker is closed.");
    if (!this.#store) {
      this.#store = new QueueStore(statePaths(this.#options.persist, "queues", "messages").database);
      this.#store.releaseAll();
      for (const queue of this.#store.queues()) this.#pump(queue);
    }
    return this.#store;
  }

  /** Delivers what is due in `queue`, as far as its consumer's concurrency allows, and wakes up for the rest. */
  #pump(queue: string): void {
    const consumer = this.#consumers.get(queue);
    if (this.#closed || !this.#store || !consumer || consumer.config.type !== "worker" || this.#paused.has(consumer.worker)) {
      return;
    }
    const store = this.#store;
    const { maxBatchSize, maxBatchTimeout, maxConcurrency } = consumer.config;
    const state = this.#state(queue);
    const now = this.#timers.now();
    while (state.inflight < maxConcurrency) {
      const ready = store.readyCount(queue, now, maxBatchSize);
      if (ready === 0) break;
      if (ready < maxBatchSize) {
        // A partial batch waits until its oldest message has waited max_batch_timeout.
        const due = store.oldestReady(queue, now)! + maxBatchTimeout * 1000;
        if (due > now) return this.#wake(queue, due);
      }
      void this.#dispatch(queue, consumer, store.lease(queue, maxBatchSize, now, newId()));
    }
    const next = store.nextVisible(queue, now);
    if (next !== undefined) this.#wake(queue, next);
  }

  #state(queue: string): QueueState {
    let state = this.#states.get(queue);
    if (!state) this.#states.set(queue, (state = { inflight: 0 }));
    return state;
  }

  /** One timer per queue, at the earliest time asked for. */
  #wake(queue: string, at: number): void {
    const state = this.#state(queue);
    if (state.wakeAt !== undefined && state.wakeAt <= at) return;
    state.cancelWake?.();
    state.wakeAt = at;
    state.cancelWake = this.#timers.setTimeout(() => {
      state.wakeAt = undefined;
      state.cancelWake = undefined;
      this.#pump(queue);
    }, at - this.#timers.now());
  }

  async #dispatch(queue: string, consumer: Consumer, rows: MessageRow[]): Promise<QueueBatchReport | undefined> {
    const state = this.#state(queue);
    state.inflight++;
    this.#active++;
    try {
      const batch: QueueBatch = { queue, messages: rows.map(toDelivered), metrics: this.#store!.metrics(queue) };
      let result: DeliveryResult;
      try {
        result = await this.#options.deliver(consumer.worker, batch);
      } catch (error) {
        result = { status: "delivered", failed: true, error };
      }
      state.inflight--;
      if (this.#closed) return undefined; // still leased: due again at the next start
      if (result.status === "not-running") {
        this.#store!.settle(rows.map((row) => ({ id: row.id, action: "release" })));
        if (!this.#paused.has(consumer.worker)) this.#options.onPaused?.(consumer.worker, queue, result.error);
        this.#paused.add(consumer.worker);
        const maxAttempts = consumer.config.maxRetries + 1;
        return { queue, consumer: consumer.worker, failed: true, error: result.error, decisions: [], maxAttempts, waiting: true };
      }
      const decisions = this.#settle(queue, consumer.config, rows, result, consumer.worker);
      const maxAttempts = consumer.config.maxRetries + 1;
      const report = { queue, consumer: consumer.worker, failed: result.failed, error: result.error, decisions, maxAttempts };
      this.#report(report);
      this.#pump(queue);
      return report;
    } finally {
      this.#active--;
      if (this.#active === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** Applies a batch's outcome: acknowledged messages go, retried ones wait, exhausted ones move on. */
  #settle(
    queue: string,
    config: QueueConsumerConfig,
    rows: readonly MessageRow[],
    result: { failed: boolean; verdict?: QueueVerdict },
    consumer: string,
  ): Decision[] {
    const decisions = decide(rows, result, config);
    const now = this.#timers.now();
    this.#store!.settle(decisions.map((decision) => settlementOf(decision, now)));
    this.#activity.record(queue, consumer, now, decisions);
    for (const target of new Set(decisions.flatMap((d) => (d.action === "dead-letter" ? [d.queue] : [])))) this.#pump(target);
    return decisions;
  }

  #pullContext(queue: string): PullContext | undefined {
    const consumer = this.#consumers.get(queue);
    if (!consumer || consumer.config.type !== "http_pull") return undefined;
    const { config } = consumer;
    return {
      store: this.#open(),
      now: this.#timers.now(),
      config,
      settle: (rows, result) => {
        const decisions = this.#settle(queue, config, rows, result, "http_pull");
        this.#report({ queue, consumer: "http_pull", failed: result.failed, decisions, maxAttempts: config.maxRetries + 1 });
      },
    };
  }

  #report(report: QueueBatchReport): void {
    if (report.decisions.length > 0) this.#options.onBatch?.(report);
  }
}

function toDelivered(row: MessageRow): QueueDeliveredMessage {
  return {
    id: row.id,
    timestamp: row.timestamp,
    body: row.body,
    contentType: row.content_type,
    attempts: row.attempts + 1,
  };
}
