/**
 * A start's module batch for a thread that compiled a prefetched one while it waited as a standby
 * (protocol/module-batch.ts, `EnvironmentBatch.delta`): only the answers that changed since, and no
 * code cache for a chunk the prefetch compiled already. An environment the prefetch did not have
 * goes whole.
 */
import type { EnvironmentBatch, ModuleBatch, ModuleChunk } from "@kindling/runtime/protocol";

export function batchDelta(batch: ModuleBatch, prefetched: ModuleBatch): ModuleBatch {
  return Object.fromEntries(
    Object.entries(batch).map(([environment, current]) => {
      const base = prefetched[environment];
      return [environment, base ? environmentDelta(current, base) : current];
    }),
  );
}

function environmentDelta(current: EnvironmentBatch, base: EnvironmentBatch): EnvironmentBatch {
  const before = new Map(base.modules);
  // The host keeps each answer's object until the module is fetched again: a changed answer is another object.
  const modules = current.modules.filter(([key, result]) => before.get(key) !== result);
  const keys = new Set(current.modules.map(([key]) => key));
  const removed = base.modules.filter(([key]) => !keys.has(key)).map(([key]) => key);
  const compiled = new Set(base.chunks?.map((chunk) => chunk.id));
  const chunks = current.chunks?.map((chunk) => (compiled.has(chunk.id) ? withoutCache(chunk) : chunk));
  return { modules, ...(chunks ? { chunks } : {}), delta: { removed } };
}

function withoutCache({ cache, ...chunk }: ModuleChunk): ModuleChunk {
  void cache;
  return chunk;
}
