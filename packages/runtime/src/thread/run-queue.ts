/**
 * A batch from the queue broker, run by the worker's `queue(batch, env, ctx)` handler. The result
 * carries the handler's ack/retry calls even when it threw: an explicit `ack()` holds either way.
 */
import type { TriggerEvent, TriggerResult } from "../protocol/messages.js";
import type { QueueVerdict } from "../protocol/queues.js";
import { toSerializedError } from "../protocol/errors.js";
import { createMessageBatch } from "../bindings/queue/index.js";
import type { ExecutionContext } from "./execution-context.js";
import { findHandler } from "./handlers.js";
import { settle } from "./settle.js";

interface QueueContext {
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  ctx: ExecutionContext;
  /** The event's waitUntil() work: the batch is done once it has settled. */
  waitUntil: Promise<unknown>[];
}

export async function runQueue(event: Extract<TriggerEvent, { type: "queue" }>, context: QueueContext): Promise<TriggerResult> {
  const handler = findHandler(context.namespace, "queue", context.env, context.ctx);
  if (!handler) return { outcome: "no-handler" };
  let verdict: () => QueueVerdict | undefined = () => undefined;
  const error = await settle(() => {
    // A body that cannot be read (e.g. JSON that does not parse) fails the delivery, as in workerd.
    const created = createMessageBatch(event.queue, event.messages, event.metrics);
    verdict = created.verdict;
    return handler(created.batch);
  }, context.waitUntil);
  return error === undefined
    ? { outcome: "ok", verdict: verdict() }
    : { outcome: "exception", error: toSerializedError(error), verdict: verdict() };
}
