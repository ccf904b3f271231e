/**
 * First of Kindling's middlewares: answers requests the worker cannot be given (TRACK, targets that
 * are not a path, a Host that makes no URL) and turns absolute-form targets into paths, so that
 * Vite's middlewares and the worker see the same request.
 */
import type { Connect } from "vite";
import { resolveRequestTarget } from "./request-target.js";
import { sendText } from "./send-text.js";

export function requestTargetMiddleware(): Connect.NextHandleFunction {
  return function kindlingRequestTargetMiddleware(req, res, next) {
    const target = resolveRequestTarget(req);
    if (!target.ok) return sendText(res, target.status, target.message);
    if (req.url !== target.path) {
      req.url = target.path;
      (req as { originalUrl?: string }).originalUrl = target.path;
    }
    next();
  };
}
