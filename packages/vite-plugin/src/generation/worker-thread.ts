/** Boots a generation's worker thread: the warm standby that a reload only has to start. */
import { Worker } from "node:worker_threads";
import { createInterface } from "node:readline";
import { styleText } from "node:util";
import type { Readable } from "node:stream";
import type { ThreadData, ThreadMessage } from "@kindling/runtime/protocol";

const threadEntry = new URL(import.meta.resolve("@kindling/runtime/thread"));
const viteModuleRunnerUrl = import.meta.resolve("vite/module-runner");

export interface BootedThread {
  worker: Worker;
  /** Sets the prefix of this thread's console lines (the worker's name, known only at start). */
  setLogPrefix(prefix: string): void;
}

/** Starts a thread and resolves once it is booted: runtime loaded, fetch classes warmed. */
export async function bootThread(): Promise<BootedThread> {
  const data: ThreadData = { viteModuleRunnerUrl };
  const worker = new Worker(threadEntry, { workerData: data, stdout: true, stderr: true });
  let prefix = "";
  forwardLines(worker.stdout, process.stdout, () => prefix);
  forwardLines(worker.stderr, process.stderr, () => prefix);
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onMessage = (message: ThreadMessage) => {
      if (message.type !== "booted") return;
      cleanup();
      resolve();
    };
    const onError = (error: Error) => (cleanup(), reject(error));
    const onExit = (code: number) => (
      cleanup(),
      reject(new Error(`[kindling] A worker thread exited with code ${code} while booting.`))
    );
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
  return { worker, setLogPrefix: (name) => void (prefix = styleText("dim", `[${name}]`) + " ") };
}

/** Worker `console` output reaches the terminal line by line, prefixed with the worker's name. */
function forwardLines(from: Readable, to: NodeJS.WriteStream, prefix: () => string): void {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  lines.on("line", (line) => to.write(prefix() + line + "\n"));
}
