/**
 * The worker's console output through Vite's logger (so `logLevel` and a `customLogger` apply to
 * it, as to other plugins' output), each line prefixed with the worker's name.
 */
import { styleText } from "node:util";
import type { Logger } from "vite";
import type { LogLevel } from "@kindling/runtime/protocol";

export class WorkerConsole {
  readonly #logger: Logger;
  readonly #workerName: () => string;
  /** Text after the last newline, per level, printed once its line is complete. */
  readonly #partial: Record<LogLevel, string> = { info: "", warn: "", error: "" };

  constructor(logger: Logger, workerName: () => string) {
    this.#logger = logger;
    this.#workerName = workerName;
  }

  write(level: LogLevel, text: string): void {
    const lines = (this.#partial[level] + text).split("\n");
    this.#partial[level] = lines.pop()!;
    if (lines.length === 0) return;
    const prefix = styleText("dim", `[${this.#workerName()}]`);
    this.#logger[level](lines.map((line) => `${prefix} ${line}`).join("\n"));
  }
}
