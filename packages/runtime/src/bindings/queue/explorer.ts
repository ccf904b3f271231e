/**
 * Queues in the local explorer: the page sends with the unit's own `WorkerQueue` (its checks and
 * serialization) to the host's broker, and shows stored bodies by their content type. The queue
 * state itself is the broker's (host/queues/), which the plugin reads there.
 */
import v8 from "node:v8";
import { inspect } from "node:util";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { QueueContentType } from "../../protocol/queues.js";
import { previewValue, type ValuePreview } from "../value-preview.js";
import { WorkerQueue } from "./worker-queue.js";

/** A producer of `queueName` for the page, sending through `host` (the broker's unit) as `env.QUEUE.send` does. */
export function createQueueSender(queueName: string, host: HostUnitCaller): WorkerQueue {
  return new WorkerQueue({ type: "queue", name: queueName, queueName, deliveryDelay: 0, defaultContentType: "json" }, host);
}

/** A stored message body as the page shows it: text and JSON as text, v8 as `util.inspect` text, bytes by what they hold. */
export function previewQueueBody(body: Uint8Array, contentType: QueueContentType): ValuePreview {
  if (contentType === "bytes") return previewValue(body);
  if (contentType === "v8") {
    let text: string;
    try {
      text = inspect(v8.deserialize(body), { depth: 6, breakLength: 100, maxStringLength: 4000, maxArrayLength: 200 });
    } catch (error) {
      text = `<${body.byteLength} bytes that do not deserialize: ${(error as Error).message}>`;
    }
    return { size: body.byteLength, type: "text", text, truncated: false };
  }
  const preview = previewValue(body);
  // A "text" message is text even when it parses as JSON.
  if (contentType === "text" && preview.type === "json") {
    return { ...preview, type: "text", text: new TextDecoder().decode(body) };
  }
  return preview;
}
