/**
 * The host services of one worker that outlive its generations: the RPC router with the Durable
 * Object directory, the alarm scheduler, and the client ends of hibernatable WebSockets.
 */
import fs from "node:fs";
import path from "node:path";
import type { Logger } from "vite";
import { AlarmScheduler, HibernatableWebSockets, RpcRouter } from "@kindling/runtime/host";
import { decode, type RpcAddress, type ThreadMessage } from "@kindling/runtime/protocol";
import type { GenerationManager } from "../generation/generation-manager.js";
import type { Generation } from "../generation/generation.js";

type ObjectAddress = RpcAddress & { kind: "object" };

export class HostServices {
  readonly rpc: RpcRouter;
  readonly webSockets: HibernatableWebSockets;
  #alarms: AlarmScheduler | undefined;
  #persist: string | false;
  #logger: Logger;
  #workerName: () => string;

  constructor(manager: GenerationManager, persist: string | false, logger: Logger, workerName: () => string) {
    this.#persist = persist;
    this.#logger = logger;
    this.#workerName = workerName;
    this.rpc = new RpcRouter({
      current: async (from) => {
        const usable = (generation: Generation | undefined) =>
          generation && !generation.error && generation.state !== "dead" ? generation : undefined;
        // A generation's call takes the newest built generation; the host's own waits for a build in progress.
        if (from) return usable(manager.current) ?? usable(await manager.ready());
        return usable(await manager.ready());
      },
      isCurrent: (link) => manager.current === link,
      onAlarmSet: (address, time) => this.#scheduler().set(address, time),
      onHibernation: (from, address, change) => this.webSockets.onChange(from, address, change),
      beforeObjectCall: (to, address) => this.webSockets.beforeCall(to, address),
    });
    this.webSockets = new HibernatableWebSockets({
      call: (address, operation) => this.rpc.call(address, operation),
      onError: (message) => this.#logger.error(message, { timestamp: true }),
    });
    // Alarms persisted by an earlier `vite dev` fire now (missed ones at once).
    if (persist !== false && fs.existsSync(path.join(persist, "do", "alarms.sqlite"))) this.#scheduler();
  }

  onRpcMessage(generation: Generation, message: ThreadMessage): void {
    this.rpc.attach(generation);
    this.rpc.onThreadMessage(generation, message);
  }

  onDead(generation: Generation, reason: Error): void {
    this.rpc.detach(generation, reason);
    this.webSockets.detach(generation);
  }

  close(): void {
    this.#alarms?.close();
    this.webSockets.close();
  }

  #scheduler(): AlarmScheduler {
    if (this.#alarms) return this.#alarms;
    const alarms = new AlarmScheduler({
      persist: this.#persist,
      fire: (address, scheduledTime, retryCount) => this.#fire(address, scheduledTime, retryCount),
      onError: (message) => this.#logger.error(message, { timestamp: true }),
    });
    this.#alarms = alarms;
    alarms.start();
    return alarms;
  }

  async #fire(address: ObjectAddress, scheduledTime: number, retryCount: number) {
    const outcome = await this.rpc.call(address, { op: "alarm", scheduledTime, retryCount });
    if (!outcome.ok) {
      const error = decode(outcome.error, () => undefined) as Error;
      this.#logger.error(
        `[kindling] ${this.#workerName()}: alarm() of Durable Object ${address.storageName}/${address.id} threw ` +
          `(attempt ${retryCount + 1}): ${error?.stack ?? String(error)}`,
        { timestamp: true },
      );
    }
    return outcome;
  }
}
