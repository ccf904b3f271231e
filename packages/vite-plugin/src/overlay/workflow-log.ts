/**
 * The terminal's account of workflows: a line per instance state change and per step failure or
 * retry; lines alike (many instances doing the same thing) within a second are summed up in one
 * line. Step errors also go through the error reporter: their stack once, and Vite's overlay in
 * open pages.
 */
import { styleText } from "node:util";
import type { Logger } from "vite";
import type { WorkflowEngineEvent } from "@kindling/runtime/host";
import type { ErrorReporter } from "./error-reporter.js";

export interface WorkflowLogOptions {
  workerName(): string;
  logger: Logger;
  reporter: Pick<ErrorReporter, "report">;
  /** How long lines alike to a printed one are counted instead of printed (default 1 s). */
  collapseWindow?: number;
}

type Level = "info" | "warn" | "error";

/** Lines alike to one printed less than a window ago are counted, then summed up in one line. */
interface Window {
  more: number;
  summary: (more: number) => string;
  timer: NodeJS.Timeout;
}

export class WorkflowLog {
  #options: WorkflowLogOptions;
  #windows = new Map<string, Window>();
  /** The last step error of an instance, until its next state change: its end says it again, the overlay need not. */
  #stepErrors = new Map<string, string>();

  constructor(options: WorkflowLogOptions) {
    this.#options = options;
  }

  report(event: WorkflowEngineEvent): void {
    const who = `workflow "${event.workflow}" instance "${event.instanceId}"`;
    const key = `${event.workflow}/${event.instanceId}`;
    switch (event.type) {
      case "status": {
        const detail = event.error ? `: ${event.error.name}: ${event.error.message}` : "";
        const waitingFor = event.waitingFor ? ` for ${event.waitingFor}` : "";
        this.#print(`${who}: ${event.status}${detail}${waitingFor}`, event.status === "errored" ? "error" : "info", {
          shape: `status:${event.workflow}:${event.status}:${detail}`,
          summary: (more) => `… and ${more} more instances of workflow "${event.workflow}" ${event.status}${detail}.`,
        });
        const fromStep = this.#stepErrors.get(key);
        this.#stepErrors.delete(key);
        if (event.error && event.status === "errored" && fromStep !== event.error.message) {
          this.#options.reporter.report(toError(event.error), "workflow");
        }
        return;
      }
      case "step-failed": {
        const { step, attempt, error, retryIn } = event;
        const what =
          retryIn === null
            ? "ended the instance"
            : retryIn === undefined
              ? "is not retried (the error goes to run())"
              : `is retried in ${formatDelay(retryIn)}`;
        this.#print(`${who}: step "${step}" failed (attempt ${attempt}) and ${what}: ${error.name}: ${error.message}`, "warn", {
          shape: `step:${event.workflow}:${step}:${String(retryIn === null)}:${String(retryIn === undefined)}:${error.message}`,
          summary: (more) => `… and ${more} more failures of step "${step}" of workflow "${event.workflow}": ${error.message}`,
        });
        this.#options.reporter.report(toError(error), "workflow");
        this.#stepErrors.set(key, error.message);
        return;
      }
      case "stalled":
        this.#print(`${who} cannot run in this generation; it runs again after the next change. ${event.reason}`, "warn", {
          shape: `stalled:${event.workflow}:${event.reason}`,
          summary: (more) => `… and ${more} more instances of workflow "${event.workflow}" wait for the next change.`,
        });
        return;
    }
  }

  /** Prints the counts of lines held back. */
  flush(): void {
    for (const shape of this.#windows.keys()) this.#close(shape);
  }

  #print(line: string, level: Level, alike: { shape: string; summary: (more: number) => string }): void {
    const open = this.#windows.get(alike.shape);
    if (open) {
      open.more++;
      return;
    }
    this.#options.logger[level](`[kindling] ${this.#options.workerName()}: ${line}`, { timestamp: true });
    const timer = setTimeout(() => this.#close(alike.shape), this.#options.collapseWindow ?? 1_000);
    timer.unref();
    this.#windows.set(alike.shape, { more: 0, summary: alike.summary, timer });
  }

  #close(shape: string): void {
    const window = this.#windows.get(shape);
    if (!window) return;
    this.#windows.delete(shape);
    clearTimeout(window.timer);
    if (window.more === 0) return;
    const text = `[kindling] ${this.#options.workerName()}: ${window.summary(window.more)}`;
    this.#options.logger.info(styleText("dim", text), { timestamp: true });
  }
}

function toError({ name, message, stack }: { name: string; message: string; stack?: string }): Error {
  const error = new Error(message);
  error.name = name;
  error.stack = stack ?? `${name}: ${message}`;
  return error;
}

function formatDelay(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 60_000)} min`;
}
