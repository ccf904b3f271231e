/**
 * Vite's fetchModule answers the host already holds for a new generation's module runners, sent
 * with its start in one message (instead of one thread round trip per module). Keyed as the
 * runner asks: by URL, and by importer too for a specifier whose resolution depends on it.
 */

/** Per Vite environment: the fetchModule answers, and how to compile them. */
export type ModuleBatch = Record<string, EnvironmentBatch>;

export interface EnvironmentBatch {
  /** [fetchKey, fetchModule's result] pairs. */
  modules: Array<[key: string, result: unknown]>;
  /** Modules compiled together, planned by the host so that a chunk's text stays the same between generations. */
  chunks?: ModuleChunk[];
  /**
   * Set when this is a start's batch for a thread that was sent a prefetch (ThreadApi.prefetch):
   * `modules` then holds only the answers that differ from the prefetched ones, `removed` the keys
   * the prefetched batch had and this one has not, and a chunk the prefetch compiled comes without its `cache`.
   */
  delta?: { removed: string[] };
}

/** V8's code cache of one planned chunk, taken by the generation that compiled it without one. */
export interface ChunkCodeCache {
  environment: string;
  chunk: string;
  data: Uint8Array;
}

/**
 * Modules compiled as one script. Its text is made of its modules' code in this order, so it is
 * byte-identical in every generation it is sent to, and V8's code cache of one generation serves
 * the next (`cache`, from `script.createCachedData()`, sent back with the host's `codeCaches`).
 */
export interface ModuleChunk {
  /** Unique in this dev server; the chunk's text never changes under one id. */
  id: string;
  /** Module ids (a fetchModule result's `id`), in the chunk's order. */
  modules: string[];
  /** [index, code] of modules whose code in this chunk is not the batch's (it changed since): compiled, never run. */
  stale?: Array<[index: number, code: string]>;
  cache?: Uint8Array;
}

/** The key of a runner's `fetchModule(url, importer)`: a bare or relative specifier resolves from its importer. */
export function fetchKey(url: string, importer: string | undefined): string {
  const absolute = url.startsWith("/") || url.startsWith("file:") || url.startsWith("\0") || url.startsWith("virtual:");
  return absolute ? url : `${url}\u0000${importer ?? ""}`;
}

/** The `fetchModule` call of a runner's invoke payload (Vite's `vite:invoke` custom event), if it is one. */
export function fetchModuleCall(
  payload: unknown,
): { url: string; importer: string | undefined; cached: boolean; startOffset: number | undefined } | undefined {
  const data = (payload as { data?: { name?: unknown; data?: unknown } } | undefined)?.data;
  if (data?.name !== "fetchModule" || !Array.isArray(data.data)) return undefined;
  const [url, importer, options] = data.data as [unknown, unknown, { cached?: boolean; startOffset?: number } | undefined];
  if (typeof url !== "string") return undefined;
  return {
    url,
    importer: typeof importer === "string" ? importer : undefined,
    cached: options?.cached === true,
    startOffset: options?.startOffset,
  };
}
