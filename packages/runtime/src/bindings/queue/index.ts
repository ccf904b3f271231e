/** `queues.producers`: `env.QUEUE` sends to the dev server's queue broker. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { WorkerQueue } from "./worker-queue.js";
import type { TraceSpec } from "../traced-binding.js";

export { WorkerQueue } from "./worker-queue.js";
export { QueueController, QueueMessage, createMessageBatch } from "./message-batch.js";

export function createQueue(descriptor: BindingDescriptor<"queue">, { host }: Pick<BindingContext, "host">): WorkerQueue {
  return new WorkerQueue(descriptor, host);
}

/** What request traces show of a producer's calls. */
export const queueTrace: TraceSpec = {
  send: {},
  sendBatch: { detail: (args) => `${Array.isArray(args[0]) ? args[0].length : 0} messages` },
};
