/**
 * What the host's memory monitor calls through the inspector (also while user code runs
 * synchronously): this isolate's JavaScript heap plus the memory outside it that V8 accounts to it
 * (ArrayBuffers, mostly). Over the limit, it collects garbage first and
 * measures again, so that only live memory counts, as production's limit does. Collections are
 * spaced (at least 500 ms, and 4x the last one's duration) so that a heap full of garbage near the
 * limit spends at most a fifth of its time collecting for us.
 */
import v8 from "node:v8";
import vm from "node:vm";
import { performance } from "node:perf_hooks";

export function installMemoryProbe(): void {
  const gc = exposeGc();
  let nextGc = 0;
  let live = 0;
  const measure = () => {
    // 7x cheaper than process.memoryUsage(), which also reads the process's RSS.
    const heap = v8.getHeapStatistics();
    return heap.used_heap_size + heap.external_memory;
  };
  Object.defineProperty(globalThis, Symbol.for("kindling.memoryUsage"), {
    value: (limit: number) => {
      const used = measure();
      if (used <= limit || !gc) return used;
      const start = performance.now();
      if (start < nextGc) return live;
      gc();
      const end = performance.now();
      nextGc = end + Math.max(500, 4 * (end - start));
      return (live = measure());
    },
  });
}

/**
 * V8's gc(), for this thread only and without a global `gc` in user code: the flag is on only while
 * one private context is made (the flag is process-wide; Node keeps flags writable after start).
 * Vite started with --expose-gc keeps it: then this thread has its global `gc` already.
 */
function exposeGc(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return existing;
  try {
    v8.setFlagsFromString("--expose-gc");
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
}
