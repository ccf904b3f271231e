/**
 * Kindling's queue routes under /cdn-cgi/: the trigger by hand (`/cdn-cgi/handler/queue`, also
 * under `/cdn-cgi/local/`) and the http_pull API (`/cdn-cgi/local/queues/<queue>/messages/*`).
 * Like the other /cdn-cgi routes, they refuse requests from other sites' pages.
 */
import type { Connect } from "vite";
import type { DevServerQueues } from "../environment/dev-server-queues.js";
import { crossSiteOrigin } from "./cross-site.js";
import { queueTrigger } from "./queue-trigger.js";
import { queuePull } from "./queue-pull.js";
import { sendPlain } from "./send-json.js";

const triggerPath = /^\/cdn-cgi\/(?:handler|local)\/queue\/?$/;
const pullPath = /^\/cdn-cgi\/local\/queues\/([^/]+)\/messages\/(pull|ack)\/?$/;

export function queuesMiddleware(queues: DevServerQueues): Connect.NextHandleFunction {
  return async function kindlingQueuesMiddleware(req, res, next) {
    if (!req.url?.startsWith("/cdn-cgi/")) return next();
    const url = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? "/", "http://localhost");
    const pull = pullPath.exec(url.pathname);
    if (!pull && !triggerPath.test(url.pathname)) return next();
    const crossSite = crossSiteOrigin(req);
    if (crossSite) {
      return sendPlain(
        res,
        403,
        `[kindling] ${url.pathname} only accepts requests from this dev server's own pages, not from ${crossSite}.`,
      );
    }
    try {
      if (pull) await queuePull(queues, req, res, decodeURIComponent(pull[1]!), pull[2] as "pull" | "ack");
      else await queueTrigger(queues, req, res, url.searchParams);
    } catch (error) {
      sendPlain(res, 500, String((error as Error).stack ?? error));
    }
  };
}
