/**
 * Runs a worker's `triggers.crons` on their schedule (UTC, Cloudflare's syntax), each run in the
 * generation current at that moment and logged with its outcome. Only with `kindling({ crons: true })`.
 */
import type { Cron } from "croner";
import type { Logger } from "vite";
import { parseCron } from "../config/cron.js";
import type { WorkerHost } from "./worker-host.js";

export class CronScheduler {
  #host: WorkerHost;
  #logger: Logger;
  #jobs = new Map<string, Cron>();

  constructor(host: WorkerHost, logger: Logger) {
    this.#host = host;
    this.#logger = logger;
  }

  /** Schedules exactly `crons` (the config's current list); unchanged expressions keep their timer. */
  update(crons: readonly string[]): void {
    for (const [expression, job] of this.#jobs) {
      if (crons.includes(expression)) continue;
      job.stop();
      this.#jobs.delete(expression);
    }
    for (const expression of crons) {
      if (this.#jobs.has(expression)) continue;
      const job = parseCron(expression, () => void this.#run(expression, job.currentRun()?.getTime() ?? Date.now()));
      this.#jobs.set(expression, job);
    }
  }

  stop(): void {
    for (const job of this.#jobs.values()) job.stop();
    this.#jobs.clear();
  }

  async #run(cron: string, scheduledTime: number): Promise<void> {
    const name = this.#host.config.name;
    const result = await this.#host.trigger({ type: "scheduled", cron, scheduledTime });
    const at = new Date(scheduledTime).toISOString();
    if (result.outcome === "ok")
      return this.#logger.info(`[kindling] ${name}: cron "${cron}" ran (${at}): ok`, { timestamp: true });
    const detail =
      result.outcome === "no-handler"
        ? "the worker has no scheduled() handler"
        : "error" in result && result.error
          ? (result.error.stack ?? result.error.message)
          : result.outcome;
    this.#logger.error(`[kindling] ${name}: cron "${cron}" failed (${at}): ${detail}`, { timestamp: true });
  }
}
