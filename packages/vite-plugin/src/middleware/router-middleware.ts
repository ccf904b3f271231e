/**
 * Where a request that reaches Kindling goes, as production's router decides it: the worker first
 * when `run_worker_first` says so; else Vite's own requests (its client, modules, public/) go to
 * Vite; else assets answer when they have the path (for navigations, also with `not_found_handling`),
 * and the worker answers the rest. Without a worker (assets-only), assets answer everything.
 * Requests from `env.ASSETS.fetch()` get Vite, then assets: never the worker.
 */
import type { Connect, ViteDevServer } from "vite";
import type { WorkerHost } from "../environment/worker-host.js";
import type { AssetServer } from "../assets/asset-server.js";
import type { Route } from "../assets/static-routing.js";
import { isViteRequest } from "./is-vite-request.js";
import { resolveRequestTarget } from "./request-target.js";
import { sendText } from "./send-text.js";
import { forwardToWorker } from "./worker-middleware.js";
import { assetsBindingRequestUrl } from "./assets-binding-request.js";
import { sendFetchResponse, toFetchRequest, toRoutedRequest } from "./send-fetch-response.js";

export interface RouterTargets {
  /** The asset server of the current config (it changes with the wrangler config). */
  assets(): AssetServer;
  /** `run_worker_first` of the current config. */
  route(pathname: string): Route;
  /** The worker; undefined for an assets-only project. */
  worker: WorkerHost | undefined;
  /** Vite serves its client and files (dev); false in `vite preview`, where only the build is served. */
  viteServes: boolean;
}

export function routerMiddleware(server: ViteDevServer, targets: RouterTargets): Connect.NextHandleFunction {
  return async function kindlingRouterMiddleware(req, res, next) {
    // Normally answered by requestTargetMiddleware already; checked again for middleware mode.
    const target = resolveRequestTarget(req);
    if (!target.ok) return sendText(res, target.status, target.message);
    const bindingUrl = assetsBindingRequestUrl(req);
    const route = bindingUrl !== undefined || !targets.worker ? "assets" : targets.route(new URL(target.url).pathname);
    if (route === "worker") return forwardToWorker(server, targets.worker!, target.url, req, res, next);
    if (targets.viteServes && isViteRequest(server.config, req)) return next();
    const assets = targets.assets();
    const url = bindingUrl ?? target.url;
    try {
      if (route === "assets" || (await assets.canFetch(toRoutedRequest(req, url)))) {
        return await sendFetchResponse(req, res, await assets.fetch(toFetchRequest(req, url)));
      }
    } catch (error) {
      return next(error);
    }
    return forwardToWorker(server, targets.worker!, target.url, req, res, next);
  };
}
