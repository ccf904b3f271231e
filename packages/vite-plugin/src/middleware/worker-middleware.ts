/** Forwards every request that Vite does not serve itself to the worker's current generation. */
import fs from "node:fs";
import path from "node:path";
import type { Connect, ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import { toWireRequest, writeWireResponse } from "./wire-http.js";
import { sendWorkerError } from "./send-worker-error.js";

/**
 * Vite's own query flags (`?import`, `?raw`, `?url`...) are bare, so a user's `?url=...` is not one.
 * (Timestamped module URLs, `/src/x.ts?t=123`, are caught by the file-on-disk check.)
 */
const viteQuery = /[?&](?:import|direct|raw|url|worker|sharedworker|inline|html-proxy)(?=&|=?$)/;
const vitePrefixes = ["/@", "/__vite", "/node_modules/"];

export function workerMiddleware(server: ViteDevServer, host: WorkerHost): Connect.NextHandleFunction {
  return async function kindlingWorkerMiddleware(req, res, next) {
    if (isViteRequest(server, req.url ?? "/")) return next();
    const onDisconnect = (abort: () => void) =>
      res.once("close", () => {
        if (!res.writableFinished) abort();
      });
    try {
      const outcome = await host.fetch(await toWireRequest(req), onDisconnect);
      if (outcome.type === "response") return await writeWireResponse(req, res, outcome.response);
      if (outcome.type === "pass-through") return next();
      // A failed generation's error was reported once when it was built; do not repeat it per request.
      sendWorkerError(server, host, req, res, outcome.error, { report: outcome.type === "error" });
    } catch (error) {
      sendWorkerError(server, host, req, res, error);
    }
  };
}

/** Vite's own URLs, transformed modules and files on disk (public/ or root) stay Vite's. */
function isViteRequest(server: ViteDevServer, url: string): boolean {
  if (vitePrefixes.some((prefix) => url.startsWith(prefix))) return true;
  if (viteQuery.test(url)) return true;
  const pathname = decodePathname(url);
  if (!pathname || !path.extname(pathname)) return false;
  const { publicDir, root } = server.config;
  return (publicDir !== "" && isFile(path.join(publicDir, pathname))) || isFile(path.join(root, pathname));
}

function decodePathname(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split(/[?#]/, 1)[0]!);
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
