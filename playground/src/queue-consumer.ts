// The consumer of the /queues page's tasks. Each delivery is recorded in KV under "queues/"
// (listed on the page): a task "ok" is acknowledged, "flaky" asks for a retry on its first
// attempt, "broken" throws every time, so after max_retries it lands in the dead-letter queue.
// Try it by hand too: curl -X POST "localhost:5173/cdn-cgi/handler/queue?queue=playground-tasks" \
//   -H "content-type: application/json" -d '{"name":"by hand","mode":"ok"}'
import type { Env } from "./env.js";

export interface Task {
  name: string;
  mode: "ok" | "flaky" | "broken";
}

export interface Delivery {
  at: string;
  queue: string;
  id: string;
  task: Task;
  attempts: number;
  outcome: "acknowledged" | "retry requested" | "threw" | "dead-lettered";
}

export async function queue(batch: MessageBatch<Task>, env: Env): Promise<void> {
  const deadLetters = batch.queue.endsWith("-dlq");
  const record = (message: Message<Task>, outcome: Delivery["outcome"]) => {
    const delivery: Delivery = {
      at: new Date().toISOString(),
      queue: batch.queue,
      id: message.id,
      task: message.body,
      attempts: message.attempts,
      outcome,
    };
    return env.KV.put(`queues/${delivery.at}/${message.id}`, JSON.stringify(delivery), { expirationTtl: 3600 });
  };
  for (const message of batch.messages) {
    const { mode, name } = message.body;
    if (deadLetters) {
      await record(message, "dead-lettered");
      message.ack();
    } else if (mode === "broken") {
      await record(message, "threw");
      throw new Error(`task "${name}" is broken (attempt ${message.attempts})`);
    } else if (mode === "flaky" && message.attempts === 1) {
      await record(message, "retry requested");
      message.retry({ delaySeconds: 3 });
    } else {
      await record(message, "acknowledged");
      message.ack();
    }
  }
}
