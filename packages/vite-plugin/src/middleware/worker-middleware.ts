/** Forwards every request that Vite does not serve itself to the worker's current generation. */
import type { Connect, ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import { toWireRequest, writeWireResponse } from "./wire-http.js";
import { sendWorkerError } from "./send-worker-error.js";
import { isViteRequest } from "./is-vite-request.js";
import { resolveRequestTarget } from "./request-target.js";
import { sendText } from "./send-text.js";

export function workerMiddleware(server: ViteDevServer, host: WorkerHost): Connect.NextHandleFunction {
  return async function kindlingWorkerMiddleware(req, res, next) {
    if (isViteRequest(server.config, req)) return next();
    // Normally answered by requestTargetMiddleware already; checked again for middleware mode.
    const target = resolveRequestTarget(req);
    if (!target.ok) return sendText(res, target.status, target.message);
    const onDisconnect = (abort: () => void) =>
      res.once("close", () => {
        if (!res.writableFinished) abort();
      });
    try {
      const { request, discardBody } = await toWireRequest(req, target.url);
      res.once("close", discardBody);
      const outcome = await host.fetch(request, onDisconnect);
      if (outcome.type === "response") return await writeWireResponse(req, res, outcome.response);
      if (outcome.type === "pass-through") return next();
      // A failed generation's error was reported once when it was built; do not repeat it per request.
      sendWorkerError(server, host, req, res, outcome.error, { report: outcome.type === "error" });
    } catch (error) {
      sendWorkerError(server, host, req, res, error);
    }
  };
}
