/**
 * The explorer's Queues view (/api/queues): every queue of the dev server with its producers (the
 * workers' queue bindings) and consumer, a queue's messages (waiting, delayed, in a delivery) and
 * what became of those delivered lately, read from the dev server's queue broker; and a message
 * sent from the page through the queue unit's own `WorkerQueue`, as `env.QUEUE.send` does.
 */
import { createQueueSender, ExplorerInputError, previewQueueBody, type ExplorerInput } from "@kindling/runtime/explorer";
import type { QueueContentType } from "@kindling/runtime/protocol";
import type { ExplorerTarget } from "./explorer-target.js";
import { hostUnitCaller } from "./explorer-target.js";

interface Producer {
  worker: string;
  binding: string;
}

export function listQueues(target: ExplorerTarget) {
  const producers = producersByQueue(target);
  const names = new Set([...target.queues.broker.queueNames(), ...producers.keys()]);
  return [...names].toSorted().map((queue) => {
    const consumer = target.queues.broker.consumerOf(queue);
    return {
      queue,
      producers: producers.get(queue) ?? [],
      consumer: consumer ? { worker: consumer.worker, type: consumer.config.type } : null,
      metrics: target.queues.broker.metrics(queue),
    };
  });
}

export function describeQueue(target: ExplorerTarget, queue: string, limit: number) {
  const inspection = target.queues.broker.inspect(queue, limit);
  const deadLetterOf = [...target.queues.broker.queueNames()].filter(
    (name) => target.queues.broker.consumerOf(name)?.config.deadLetterQueue === queue,
  );
  return {
    ...inspection,
    producers: producersByQueue(target).get(queue) ?? [],
    deadLetterOf,
    messages: inspection.messages.map((row) => ({
      id: row.id,
      contentType: row.content_type,
      timestamp: row.timestamp,
      attempts: row.attempts,
      visibleAt: row.visible_at,
      inDelivery: row.lease !== null,
      leaseUntil: row.lease_until,
      body: previewQueueBody(row.body, row.content_type),
    })),
  };
}

/** `{ body, contentType: "json" | "text" | "v8", delaySeconds? }`: a JSON body is given as JSON text. */
export async function sendFromPage(target: ExplorerTarget, queue: string, input: ExplorerInput) {
  const { body, contentType = "json", delaySeconds } = await input.json();
  if (typeof body !== "string")
    throw new ExplorerInputError('[kindling] A message sent from the explorer needs "body" as a string.');
  if (contentType !== "json" && contentType !== "text" && contentType !== "v8") {
    throw new ExplorerInputError(`[kindling] "contentType" is "json", "text" or "v8", not ${JSON.stringify(contentType)}.`);
  }
  let value: unknown = body;
  if (contentType !== "text") {
    try {
      value = JSON.parse(body);
    } catch (error) {
      throw new ExplorerInputError(
        `[kindling] The message body is not JSON (${(error as Error).message}). Choose "text" to send it as it is.`,
      );
    }
  }
  const sender = createQueueSender(queue, hostUnitCaller(target.hosts[0]!));
  try {
    await sender.send(value, {
      contentType: contentType as QueueContentType,
      ...(delaySeconds === undefined || delaySeconds === null || delaySeconds === ""
        ? {}
        : { delaySeconds: Number(delaySeconds) }),
    });
  } catch (error) {
    // Production's wording for a bad message or delay (the sender's checks): the page shows it.
    throw new ExplorerInputError((error as Error).message);
  }
  return { queue, sent: 1 };
}

function producersByQueue(target: ExplorerTarget): Map<string, Producer[]> {
  const producers = new Map<string, Producer[]>();
  for (const host of target.hosts) {
    for (const binding of host.config.bindings) {
      if (binding.type !== "queue") continue;
      const list = producers.get(binding.queueName) ?? [];
      list.push({ worker: host.config.name, binding: binding.name });
      producers.set(binding.queueName, list);
    }
  }
  return producers;
}
