/** Boots a generation's worker thread: the warm standby that a reload only has to start. */
import { Worker, type ResourceLimits } from "node:worker_threads";
import { createInterface } from "node:readline";
import { styleText } from "node:util";
import type { Readable } from "node:stream";
import type { ThreadData } from "@kindling/runtime/protocol";

const threadEntry = new URL(import.meta.resolve("@kindling/runtime/thread"));
const viteModuleRunnerUrl = import.meta.resolve("vite/module-runner");

/** How a thread ended: its exit code, and the error that ended it if one did (uncaught, out of memory). */
export interface ThreadExit {
  code: number;
  error: (Error & { code?: string }) | undefined;
}

export interface BootedThread {
  worker: Worker;
  /** Resolves when the thread has ended, for any reason (also one that ended while waiting as a standby). */
  exited: Promise<ThreadExit>;
  /** Whether the thread has ended already. */
  readonly dead: boolean;
  /** Sets the prefix of this thread's console lines (the worker's name, known only at start). */
  setLogPrefix(prefix: string): void;
}

export interface ThreadOptions {
  /** V8's heap limits for the thread (the hard backstop of the memory limit). */
  resourceLimits?: ResourceLimits;
}

/** Starts a thread and resolves once it is booted: runtime loaded, fetch classes warmed. */
export async function bootThread(options: ThreadOptions = {}): Promise<BootedThread> {
  const data: ThreadData = { viteModuleRunnerUrl };
  const worker = new Worker(threadEntry, {
    workerData: data,
    stdout: true,
    stderr: true,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
  let prefix = "";
  forwardLines(worker.stdout, process.stdout, () => prefix);
  forwardLines(worker.stderr, process.stderr, () => prefix);
  // Listening for "error" for the thread's whole life: an unheard one would crash Vite's process.
  let error: ThreadExit["error"];
  worker.on("error", (e) => (error ??= e));
  let dead = false;
  const exited = new Promise<ThreadExit>((resolve) =>
    worker.once("exit", (code) => {
      dead = true;
      resolve({ code, error });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    // The thread's first message on the channel is its `booted` event.
    const onMessage = (message: { m?: string }) => {
      if (message.m !== "booted") return;
      worker.off("message", onMessage);
      resolve();
    };
    worker.on("message", onMessage);
    void exited.then(({ code, error }) => {
      worker.off("message", onMessage);
      reject(
        new Error(`[kindling] A worker thread exited with code ${code} while booting${error ? `: ${error.message}` : "."}`, {
          cause: error,
        }),
      );
    });
  });
  return {
    worker,
    exited,
    get dead() {
      return dead;
    },
    setLogPrefix: (name) => void (prefix = styleText("dim", `[${name}]`) + " "),
  };
}

/** Worker `console` output reaches the terminal line by line, prefixed with the worker's name. */
function forwardLines(from: Readable, to: NodeJS.WriteStream, prefix: () => string): void {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on("line", (line) => to.write(prefix() + line + "\n"));
}
