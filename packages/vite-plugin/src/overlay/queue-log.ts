/**
 * The queue broker's terminal lines: one per failed delivery or retry, dead-letter and drop. A
 * line like one printed less than a second before (same queue, same kind, same error) is counted
 * instead of printed; the count is printed once such lines stop coming.
 */
import type { Logger } from "vite";
import type { QueueBatchReport, QueueDecision } from "@kindling/runtime/host";

const REPEAT_WINDOW = 1000;

type Retry = Extract<QueueDecision, { action: "retry" }>;
type Gone = Extract<QueueDecision, { action: "dead-letter" | "drop" }>;

interface Run {
  text: string;
  repeats: number;
  last: number;
  timer?: NodeJS.Timeout;
}

export class QueueLog {
  #logger: Logger;
  #now: () => number;
  #runs = new Map<string, Run>();

  constructor(logger: Logger, now: () => number = Date.now) {
    this.#logger = logger;
    this.#now = now;
  }

  /** The lines for one settled batch (none for a batch that was simply acknowledged). */
  batch(report: QueueBatchReport): void {
    const where = `[kindling] queue "${report.queue}"`;
    const total = report.decisions.length;
    const error = report.error === undefined ? "" : ` (${firstLine(report.error)})`;
    const retried = report.decisions.filter((d): d is Retry => d.action === "retry");
    const next = retried.length === 0 ? "" : retryText(retried, total, report.maxAttempts);
    if (report.failed) {
      const what =
        report.consumer === "http_pull"
          ? `${count(total, "pulled message")} not acknowledged within the visibility timeout`
          : `delivery of ${count(total, "message")} to worker "${report.consumer}" failed${error}`;
      this.#print(`${where}: ${what}${next ? `; ${next}` : ""}.`, "error");
    } else if (retried.length > 0) {
      this.#print(`${where}: ${next}.`, "warn");
    }
    for (const action of ["dead-letter", "drop"] as const) {
      const gone = report.decisions.filter((d): d is Gone => d.action === action);
      if (gone.length === 0) continue;
      const ids = gone.map((d) => `"${d.id}"`).join(", ");
      const after = `after ${count(gone[0]!.attempts, "failed attempt")}`;
      const target = gone[0]!.action === "dead-letter" ? gone[0]!.queue : "";
      const text =
        action === "drop"
          ? `${where}: dropped message${s(gone.length)} ${ids} ${after} (no "dead_letter_queue" is configured).`
          : `${where}: moved message${s(gone.length)} ${ids} to dead-letter queue "${target}" ${after}.`;
      this.#print(text, "warn");
    }
  }

  /** A worker's consumer waits for code that loads. */
  paused(worker: string, queue: string): void {
    this.#logger.warn(
      `[kindling] queue "${queue}": worker "${worker}" cannot run its queue() handler until its code loads again; ` +
        `the messages wait and are delivered after the next working edit.`,
      { timestamp: true },
    );
  }

  #print(text: string, level: "warn" | "error"): void {
    // Lines that differ only in numbers and message ids are alike.
    const key = text.replace(/"[0-9a-f]{32}"/g, '"<id>"').replace(/\d+/g, "#");
    const now = this.#now();
    const run = this.#runs.get(key);
    if (run && now - run.last < REPEAT_WINDOW) {
      run.repeats++;
      run.last = now;
      clearTimeout(run.timer);
      run.timer = setTimeout(() => this.#flush(key), REPEAT_WINDOW);
      run.timer.unref();
      return;
    }
    if (run) this.#flush(key);
    this.#logger[level](text, { timestamp: true });
    this.#runs.set(key, { text, repeats: 0, last: now });
  }

  #flush(key: string): void {
    const run = this.#runs.get(key);
    this.#runs.delete(key);
    if (!run) return;
    clearTimeout(run.timer);
    if (run.repeats > 0)
      this.#logger.info(`[kindling] ${count(run.repeats, "more line")} like: ${run.text}`, { timestamp: true });
  }
}

/** "retrying 2 of 5 messages (attempt 2 of 4, in 10 s)". */
function retryText(retried: readonly Retry[], total: number, maxAttempts: number): string {
  const attempts = [...new Set(retried.map((d) => d.attempts + 1))].join(", ");
  const delays = [...new Set(retried.map((d) => d.delaySeconds))].map((d) => `${d} s`).join(", ");
  const what = retried.length === total ? (total === 1 ? "it" : "them") : `${retried.length} of ${count(total, "message")}`;
  return `retrying ${what} (attempt ${attempts} of ${maxAttempts}, in ${delays})`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${s(n)}`;
}

function s(n: number): string {
  return n === 1 ? "" : "s";
}

function firstLine(error: unknown): string {
  const e = error as { name?: unknown; message?: unknown } | null;
  const text = typeof e?.message === "string" ? `${typeof e.name === "string" ? e.name : "Error"}: ${e.message}` : String(error);
  return text.split("\n")[0]!;
}
