/**
 * Vite's fetchModule answers the host already holds for a new generation's module runners, sent
 * with its start in one message (instead of one thread round trip per module). Keyed as the
 * runner asks: by URL, and by importer too for a specifier whose resolution depends on it.
 */

/** Per Vite environment: [fetchKey, fetchModule's result] pairs. */
export type ModuleBatch = Record<string, Array<[key: string, result: unknown]>>;

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
