/**
 * Vite's CORS for Vite's own requests only (its client, modules, files on disk). Kindling turns
 * Vite's global `server.cors` off when the user did not set it, so the worker sees its own OPTIONS
 * requests and its responses carry only the headers it set, as in production.
 */
import cors, { type CorsOptions } from "cors";
import type { Connect, ResolvedConfig } from "vite";
import { isViteRequest } from "./is-vite-request.js";

export function viteCorsMiddleware(config: ResolvedConfig, options: CorsOptions): Connect.NextHandleFunction {
  const handle = cors(options);
  return function kindlingViteCorsMiddleware(req, res, next) {
    if (!isViteRequest(config, req)) return next();
    handle(req, res, next);
  };
}
