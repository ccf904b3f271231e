/** Gives a request to the worker's current generation and writes its answer. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Connect, ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import { toWireRequest, writeWireResponse } from "./wire-http.js";
import { sendWorkerError } from "./send-worker-error.js";

export async function forwardToWorker(
  server: ViteDevServer,
  host: WorkerHost,
  url: string,
  req: IncomingMessage,
  res: ServerResponse,
  next: Connect.NextFunction,
): Promise<void> {
  const onDisconnect = (abort: () => void) =>
    res.once("close", () => {
      if (!res.writableFinished) abort();
    });
  try {
    const { request, discardBody } = await toWireRequest(req, url);
    res.once("close", discardBody);
    const outcome = await host.fetch(request, onDisconnect);
    if (outcome.type === "response") return await writeWireResponse(req, res, outcome.response);
    if (outcome.type === "pass-through") return next();
    // A failed generation's error was reported once when it was built; do not repeat it per request.
    sendWorkerError(server, host, req, res, outcome.error, { report: outcome.type === "error" });
  } catch (error) {
    sendWorkerError(server, host, req, res, error);
  }
}
