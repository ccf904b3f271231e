/**
 * The terminal's account of workflows: a line per instance state change and per step failure or
 * retry, with a run of lines alike (many instances doing the same) collapsed into a count. Step
 * errors also go through the error reporter: their stack once, and Vite's overlay in open pages.
 */
import { styleText } from "node:util";
import type { Logger } from "vite";
import type { WorkflowEngineEvent } from "@kindling/runtime/host";
import type { ErrorReporter } from "./error-reporter.js";

export interface WorkflowLogOptions {
  workerName(): string;
  logger: Logger;
  reporter: Pick<ErrorReporter, "report">;
  /** How long a run of alike lines stays open for more (default 1 s). */
  collapseWindow?: number;
}

type Level = "info" | "warn" | "error";

interface Run {
  shape: string;
  more: number;
  timer: NodeJS.Timeout;
}

export class WorkflowLog {
  #options: WorkflowLogOptions;
  #run: Run | undefined;
  /** The last step error of an instance, until its next state change: its end says it again, the overlay need not. */
  #stepErrors = new Map<string, string>();

  constructor(options: WorkflowLogOptions) {
    this.#options = options;
  }

  report(event: WorkflowEngineEvent): void {
    const who = `workflow "${event.workflow}" instance "${event.instanceId}"`;
    switch (event.type) {
      case "status": {
        const detail = event.error ? `: ${event.error.name}: ${event.error.message}` : "";
        const level = event.status === "errored" ? "error" : "info";
        this.#print(`${who}: ${event.status}${detail}`, `${event.workflow}:${event.status}:${detail}`, level);
        const fromStep = this.#stepErrors.get(`${event.workflow}/${event.instanceId}`);
        this.#stepErrors.delete(`${event.workflow}/${event.instanceId}`);
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
        const line = `${who}: step "${step}" failed (attempt ${attempt}) and ${what}: ${error.name}: ${error.message}`;
        this.#print(line, `${event.workflow}:${step}:${retryIn === null}:${retryIn === undefined}:${error.message}`, "warn");
        this.#options.reporter.report(toError(error), "workflow");
        this.#stepErrors.set(`${event.workflow}/${event.instanceId}`, error.message);
        return;
      }
      case "stalled":
        this.#print(
          `${who} cannot run in this generation; it runs again after the next change. ${event.reason}`,
          `${event.workflow}:stalled:${event.reason}`,
          "warn",
        );
        return;
    }
  }

  /** Prints `line`, unless it is alike (same `shape`) to the one just printed: those are counted. */
  #print(line: string, shape: string, level: Level): void {
    const run = this.#run;
    if (run?.shape === shape) {
      run.more++;
      run.timer.refresh();
      return;
    }
    this.#flush();
    this.#options.logger[level](`[kindling] ${this.#options.workerName()}: ${line}`, { timestamp: true });
    const timer = setTimeout(() => this.#flush(), this.#options.collapseWindow ?? 1_000);
    timer.unref();
    this.#run = { shape, more: 0, timer };
  }

  #flush(): void {
    const run = this.#run;
    this.#run = undefined;
    if (!run) return;
    clearTimeout(run.timer);
    if (run.more === 0) return;
    const text = `[kindling] ${this.#options.workerName()}: … and ${run.more} more like the line above.`;
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
