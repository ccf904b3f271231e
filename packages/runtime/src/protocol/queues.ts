/**
 * Queues across the thread boundary: what a producer sends to the host's broker, what the broker
 * delivers to a consumer's `queue()` handler, and what the handler decided. Bodies are serialized
 * in the generation (by content type, as workerd does) and stay bytes on the host.
 */

/** How a message body is serialized (`send(body, { contentType })`). */
export type QueueContentType = "text" | "bytes" | "json" | "v8";

/** One message as a producer sends it. */
export interface QueueOutgoingMessage {
  body: Uint8Array;
  contentType: QueueContentType;
  /** Seconds before the message may be delivered (the producer's `delivery_delay` already applied). */
  delaySeconds: number;
}

/** A queue's backlog: its unacknowledged messages (delayed and in-flight ones included). */
export interface QueueMetrics {
  backlogCount: number;
  backlogBytes: number;
  /** Milliseconds since the epoch of the oldest unacknowledged message; 0 when there is none. */
  oldestMessageTimestamp: number;
}

/** One message as a consumer receives it. */
export interface QueueDeliveredMessage {
  id: string;
  /** When it was first sent (ms since the epoch). */
  timestamp: number;
  body: Uint8Array;
  contentType: QueueContentType;
  /** 1 on the first delivery, then one more per failed attempt. */
  attempts: number;
}

/** What a `queue()` handler decided about its batch (ack/retry calls), applied by the broker. */
export interface QueueVerdict {
  ackAll: boolean;
  retryAll: boolean;
  /** `retryAll({ delaySeconds })`. */
  retryAllDelay?: number;
  /** Ids passed to `message.ack()`. */
  acks: string[];
  /** `message.retry({ delaySeconds })`, by id. */
  retries: { id: string; delaySeconds?: number }[];
}

/** A consumer of a queue (`queues.consumers[]` of a worker's config, defaults applied). */
export interface QueueConsumerConfig {
  queue: string;
  /** "worker": the worker's `queue()` handler; "http_pull": pulled over HTTP under /cdn-cgi/. */
  type: "worker" | "http_pull";
  maxBatchSize: number;
  /** Seconds. */
  maxBatchTimeout: number;
  maxRetries: number;
  deadLetterQueue?: string;
  /** Batches delivered at once. */
  maxConcurrency: number;
  /** Seconds a retried message waits by default. */
  retryDelay: number;
  /** http_pull: milliseconds a pulled message stays leased by default. */
  visibilityTimeoutMs: number;
}
