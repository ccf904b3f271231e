/**
 * A queue producer (`env.QUEUE`), workerd's `WorkerQueue`: bodies are checked and serialized here,
 * then stored by the dev server's broker (host/queues/), which outlives generations and restarts.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { QueueContentType, QueueMetrics as WireMetrics, QueueOutgoingMessage } from "../../protocol/queues.js";
import { serializeBody } from "./serialize.js";
import { assertBatchSize, assertDelay, assertMessageSize, toContentType, toOptions, toSeconds } from "./validate.js";

/** `QueueMetrics` of @cloudflare/workers-types. */
export interface QueueMetrics {
  backlogCount: number;
  backlogBytes: number;
  oldestMessageTimestamp?: Date;
}

export interface QueueSendResponse {
  metadata: { metrics: QueueMetrics };
}

export class WorkerQueue {
  #descriptor: BindingDescriptor<"queue">;
  #host: HostUnitCaller;

  constructor(descriptor: BindingDescriptor<"queue">, host: HostUnitCaller) {
    this.#descriptor = descriptor;
    this.#host = host;
  }

  get [Symbol.toStringTag](): string {
    return "WorkerQueue";
  }

  async metrics(): Promise<QueueMetrics> {
    return toMetrics(await this.#host.call("queue", "metrics", this.#descriptor.queueName));
  }

  async send(body: unknown, options?: unknown): Promise<QueueSendResponse> {
    const failed = "Queue send failed";
    const opts = toOptions(options, "send", "SendOptions");
    if (body === undefined) throw new TypeError("Message body cannot be undefined");
    const contentType = opts.contentType === undefined ? undefined : toContentType(opts.contentType);
    const delay = opts.delaySeconds === undefined ? undefined : toSeconds(opts.delaySeconds);
    const message = this.#serialize(body, contentType, delay, failed);
    assertMessageSize(message.body.byteLength);
    assertDelay(message.delaySeconds, failed);
    return this.#send([message]);
  }

  async sendBatch(messages: unknown, options?: unknown): Promise<QueueSendResponse> {
    const failed = "Queue sendBatch failed";
    const requests = toSequence(messages);
    const opts = toOptions(options, "sendBatch", "SendBatchOptions");
    const batchDelay = opts.delaySeconds === undefined ? undefined : toSeconds(opts.delaySeconds);
    if (requests.length === 0) throw new TypeError("sendBatch() requires at least one message");
    const outgoing = requests.map((request) => {
      if (request.body === undefined) throw new TypeError("Message body cannot be undefined");
      const contentType = request.contentType === undefined ? undefined : toContentType(request.contentType);
      const delay = request.delaySeconds === undefined ? batchDelay : toSeconds(request.delaySeconds);
      return this.#serialize(request.body, contentType, delay, failed);
    });
    assertBatchSize(outgoing.map((message) => message.body.byteLength));
    if (batchDelay !== undefined) assertDelay(batchDelay, failed);
    for (const message of outgoing) assertDelay(message.delaySeconds, failed);
    return this.#send(outgoing);
  }

  #serialize(body: unknown, type: QueueContentType | undefined, delay: number | undefined, failed: string): QueueOutgoingMessage {
    const contentType = type ?? this.#descriptor.defaultContentType;
    return {
      body: serializeBody(body, contentType, failed),
      contentType,
      delaySeconds: delay ?? this.#descriptor.deliveryDelay,
    };
  }

  async #send(messages: QueueOutgoingMessage[]): Promise<QueueSendResponse> {
    const before = await this.#host.call("queue", "send", this.#descriptor.queueName, messages);
    return { metadata: { metrics: toMetrics(before) } };
  }
}

function toMetrics(metrics: WireMetrics): QueueMetrics {
  const { backlogCount, backlogBytes, oldestMessageTimestamp } = metrics;
  return {
    backlogCount,
    backlogBytes,
    oldestMessageTimestamp: oldestMessageTimestamp === 0 ? undefined : new Date(oldestMessageTimestamp),
  };
}

interface MessageSendRequest {
  body?: unknown;
  contentType?: unknown;
  delaySeconds?: unknown;
}

/** workerd's conversion of the first argument to `Sequence<MessageSendRequest>`. */
function toSequence(messages: unknown): MessageSendRequest[] {
  const iterable = messages as { [Symbol.iterator]?: unknown } | null | undefined;
  if (typeof messages !== "object" || messages === null || typeof iterable?.[Symbol.iterator] !== "function") {
    throw new TypeError("Failed to execute 'sendBatch' on 'WorkerQueue': parameter 1 is not of type 'Sequence'.");
  }
  return Array.from(messages as Iterable<unknown>, (request) => {
    if (request === undefined || request === null) {
      throw new TypeError(
        "Cannot initialize N7workerd3api11WorkerQueue18MessageSendRequestE with required members from an undefined or null value.",
      );
    }
    const { body, contentType, delaySeconds } = request as MessageSendRequest;
    return { body, contentType, delaySeconds };
  });
}
