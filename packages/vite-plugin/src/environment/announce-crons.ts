import type { ViteDevServer } from "vite";
import type { WorkerHost } from "./worker-host.js";

/** Lists the worker's cron triggers at start-up, with the URL that runs each by hand. */
export function announceCrons(server: ViteDevServer, host: WorkerHost, scheduled: boolean): void {
  const { crons, name } = host.config;
  if (crons.length === 0) return;
  const address = server.httpServer?.address();
  const fallback = address && typeof address === "object" ? `http://localhost:${address.port}` : "";
  const base = server.resolvedUrls?.local[0]?.replace(/\/$/, "") ?? fallback;
  const worker = host.main ? "" : `&worker=${encodeURIComponent(name)}`;
  const lines = crons.map(
    (cron) => `  "${cron}"  ${base}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron).replace(/%20/g, "+")}${worker}`,
  );
  const how = scheduled ? "running on schedule (UTC)" : "not run on schedule: open a URL below, or set kindling({ crons: true })";
  server.config.logger.info(`[kindling] ${name}: cron triggers ${how}\n${lines.join("\n")}`);
}
