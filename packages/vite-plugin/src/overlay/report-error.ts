/** Worker errors to the terminal (and, later, to the browser overlay). */
import type { ViteDevServer } from "vite";

export function reportError(server: ViteDevServer, workerName: string, error: unknown, source: string): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const label = source === "config" ? "config error" : `${source} error`;
  const detail = err.name === "KindlingConfigError" ? err.message : (err.stack ?? err.message);
  server.config.logger.error(`[kindling] ${workerName}: ${label}\n${detail}`, { timestamp: true, error: err });
}
