/**
 * Queues for a whole dev server: one broker (the runtime's `QueueBroker`, state in the state
 * directory) for every worker it runs. A worker's `env.QUEUE` reaches the broker through its host
 * services; a queue's consumer is the worker that lists it in `queues.consumers`, named by the
 * worker's name, and each batch runs in that worker's current generation.
 */
import type { Logger } from "vite";
import { QueueBroker, type DeliveryResult, type QueueBatch } from "@kindling/runtime/host";
import { fromSerializedError } from "@kindling/runtime/protocol";
import type { WorkerHost } from "./worker-host.js";
import { QueueLog } from "../overlay/queue-log.js";

export class DevServerQueues {
  readonly broker: QueueBroker;
  #hosts = new Map<string, WorkerHost>();
  #log: QueueLog;

  constructor(persist: string, logger: Logger) {
    this.#log = new QueueLog(logger);
    this.broker = new QueueBroker({
      persist,
      deliver: (worker, batch) => this.#deliver(worker, batch),
      onBatch: (report) => this.#log.batch(report),
      onPaused: (worker, queue) => this.#log.paused(worker, queue),
      onError: (message) => logger.error(message, { timestamp: true }),
    });
  }

  /**
   * A worker of this dev server: its queue bindings send to the broker, and from its first
   * generation on (and again after every change) it consumes the queues its config lists.
   */
  attach(host: WorkerHost): void {
    host.services.registerUnit("queue", this.broker.unit);
    let name: string | undefined;
    host.swapListeners.add(() => {
      // The config may have changed, its name too.
      if (name !== undefined && name !== host.config.name) {
        this.#hosts.delete(name);
        this.broker.setConsumers(name, []);
      }
      name = host.config.name;
      this.#hosts.set(name, host);
      this.broker.setConsumers(name, host.config.queueConsumers);
    });
  }

  /** The worker names consuming a queue, for messages. */
  workers(): string[] {
    return [...this.#hosts.keys()];
  }

  close(): void {
    this.broker.close();
  }

  async #deliver(worker: string, batch: QueueBatch): Promise<DeliveryResult> {
    const host = this.#hosts.get(worker);
    if (!host) return { status: "not-running" };
    const generation = await host.manager.ready();
    if (!generation || generation.error) return { status: "not-running", error: generation?.error };
    const result = await generation.trigger({ type: "queue", ...batch });
    if (result.outcome === "ok") return { status: "delivered", failed: false, verdict: result.verdict };
    // The handler threw or is missing, or the generation ended while it ran (it was aborted or crashed).
    const error =
      result.outcome === "no-handler"
        ? new Error("Handler does not export a queue() function.")
        : result.outcome === "invalid"
          ? new Error(result.message)
          : result.outcome === "failed"
            ? result.error
            : fromSerializedError(result.error ?? { name: "Error", message: "queue() failed" });
    host.reporter.report(error, "queue");
    return { status: "delivered", failed: true, error, verdict: "verdict" in result ? result.verdict : undefined };
  }
}
