/** Boots a generation's worker thread: the warm standby that a reload only has to start. */
import { Worker, type ResourceLimits } from "node:worker_threads";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createChannel, type Channel } from "@kindling/runtime/protocol";
import type { HostApi, LogLevel, ModuleBatch, ThreadApi, ThreadData } from "@kindling/runtime/protocol";

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
  /** The host's end of the thread's channel (protocol/channel.ts). */
  channel: Channel<ThreadApi>;
  /** Answers the thread's calls with `api` from now on (a standby calls nothing but `booted`). */
  serve(api: HostApi): void;
  /** The batch sent to this thread with `prefetch` while it waited as a standby: its start's batch is a delta of it. */
  prefetched?: ModuleBatch;
}

export interface ThreadOptions {
  /** V8's heap limits for the thread (the hard backstop of the memory limit). */
  resourceLimits?: ResourceLimits;
  /**
   * Where the thread's raw stdout / stderr goes (the runtime sends console output over the channel;
   * this catches what bypasses it). Default: this process's stdout / stderr.
   */
  log?(level: LogLevel, text: string): void;
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
  const log = options.log ?? ((level, text) => (level === "info" ? process.stdout : process.stderr).write(text));
  forwardLines(worker.stdout, (line) => log("info", line + "\n"));
  forwardLines(worker.stderr, (line) => log("error", line + "\n"));
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
  // The thread's first message on the channel is its `booted` event; the generation made of it serves the rest.
  const local: Partial<HostApi> = {};
  const channel = createChannel<ThreadApi>(worker, local);
  await new Promise<void>((resolve, reject) => {
    local.booted = resolve;
    void exited.then(({ code, error }) =>
      reject(
        new Error(`[kindling] A worker thread exited with code ${code} while booting${error ? `: ${error.message}` : "."}`, {
          cause: error,
        }),
      ),
    );
  });
  return {
    worker,
    exited,
    channel,
    serve: (api) => void Object.assign(local, api),
    get dead() {
      return dead;
    },
  };
}

function forwardLines(from: Readable, line: (text: string) => void): void {
  createInterface({ input: from, crlfDelay: Infinity }).on("line", line);
}
