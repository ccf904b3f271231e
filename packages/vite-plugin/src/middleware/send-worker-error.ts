/**
 * A request that failed in the worker: a 500 carrying the error (an HTML page that opens Vite's
 * overlay for navigations, plain text otherwise), and the error in the terminal and open pages.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import { renderErrorPage } from "../overlay/error-page.js";
import { formatErrorText, toErrorPayload } from "../overlay/to-error-payload.js";

export function sendWorkerError(
  server: ViteDevServer,
  host: WorkerHost,
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  { report = true } = {},
): void {
  if (res.destroyed) return;
  const payload = report ? host.reporter.report(error, "request") : toErrorPayload(error);
  if (res.headersSent) return void res.destroy(error instanceof Error ? error : new Error(payload.message));
  res.statusCode = 500;
  res.setHeader("cache-control", "no-store");
  if (req.headers.accept?.includes("text/html")) {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end(renderErrorPage(payload, server.config.base));
  } else {
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end(formatErrorText(payload) + "\n");
  }
}
