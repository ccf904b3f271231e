/**
 * How long a generation's thread takes to boot (the warm standby a reload takes): wall time and
 * this process's CPU from `new Worker` to the thread's `booted` message, with nothing else running
 * in it. A save that lands before the standby is booted waits for the rest of this.
 * Usage (after `pnpm build`): node bench/thread-boot.mjs [boots=5] [entry URL, default the built one]
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(new URL("../packages/vite-plugin/package.json", import.meta.url));
const entry = new URL(process.argv[3] ?? pathToFileURL(require.resolve("@kindling/runtime/thread")).href);
const viteModuleRunnerUrl = pathToFileURL(require.resolve("vite/module-runner")).href;
const boots = Number(process.argv[2] ?? 5);
console.log(`booting ${entry.pathname} ${boots} times`);
for (let i = 0; i < boots; i++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const worker = new Worker(entry, { workerData: { viteModuleRunnerUrl }, stdout: true, stderr: true });
  await new Promise((resolve, reject) => {
    worker.on("message", (message) => message?.m === "booted" && resolve());
    worker.once("error", reject);
  });
  const used = process.cpuUsage(cpu);
  console.log(`${(performance.now() - start).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
  await worker.terminate();
}
