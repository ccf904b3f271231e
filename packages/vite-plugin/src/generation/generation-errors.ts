/** Why a generation ended before its time: the errors its in-flight requests and the terminal get. */
import type { ThreadExit } from "./worker-thread.js";

/** "starting": while the user's modules were evaluated (an evaluation error, not retried until an edit). */
export type Phase = "starting" | "running";

const retried = "A fresh generation serves the next request.";
const fixAndSave = "Fix the code and save: the next edit starts a new generation.";

function after(phase: Phase): string {
  return phase === "starting" ? ` while its modules were evaluated. ${fixAndSave}` : `. ${retried}`;
}

/** Cloudflare: "Worker exceeded memory limit." (error 1102); production's limit is 128 MB per isolate. */
export function memoryLimitError(limitMiB: number, usedBytes: number | undefined, phase: Phase): Error {
  const used = usedBytes === undefined ? "more than" : `${Math.round(usedBytes / 2 ** 20)} MiB, more than`;
  return new Error(
    `[kindling] Worker exceeded memory limit: its generation used ${used} the ${limitMiB} MiB allowed ` +
      `(change it with the "memoryLimit" option of kindling(); production allows 128 MB)${after(phase)}`,
  );
}

export function cpuTimeLimitError(limitMs: number): Error {
  return new Error(
    `[kindling] Worker exceeded CPU time limit: its event loop was blocked for more than ${limitMs} ms ` +
      `(change it with the "cpuTimeLimit" option of kindling()). ${retried}`,
  );
}

export function drainTimeoutError(drainTimeoutMs: number): Error {
  return new Error(
    `[kindling] The request was still running ${drainTimeoutMs} ms after its code was replaced by an edit, ` +
      `so its generation was shut down (drain timeout; change it with the "drainTimeout" option of kindling()).`,
  );
}

/** The thread ended by itself: `process.exit()`, V8's heap limit, or an error nothing caught. */
export function threadExitError(exit: ThreadExit, limitMiB: number, phase: Phase): Error {
  const { code, error } = exit;
  if (error?.code === "ERR_WORKER_OUT_OF_MEMORY") return memoryLimitError(limitMiB, undefined, phase);
  if (error) {
    return new Error(`[kindling] The worker's thread stopped on an uncaught error: ${error.message}${after(phase)}`, {
      cause: error,
    });
  }
  // In a worker thread, process.exit() ends the thread (workerd instead cancels the request that called it).
  return new Error(`[kindling] The worker called process.exit(${code}), which ended its generation${after(phase)}`);
}
