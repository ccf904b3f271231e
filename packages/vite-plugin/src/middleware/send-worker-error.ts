/** A request that failed in the worker: 500 with the error, and the error in the terminal. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import { reportError } from "../overlay/report-error.js";

export function sendWorkerError(
  server: ViteDevServer,
  host: WorkerHost,
  _req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  { report = true } = {},
): void {
  const err = error instanceof Error ? error : new Error(String(error));
  if (res.destroyed) return;
  if (report) reportError(server, host.config.name, err, "request");
  if (res.headersSent) return void res.destroy(err);
  const body = err.stack?.includes(err.message) ? err.stack : `${err.name}: ${err.message}\n${err.stack ?? ""}`;
  res.statusCode = 500;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(body);
}
