/**
 * Marks a request that `env.ASSETS.fetch()` sent through the dev server: it never reaches the
 * worker, and the asset server sees the URL the worker asked for (the request itself is sent with a
 * loopback Host, which Vite's `server.allowedHosts` check lets through).
 */
import type { IncomingMessage } from "node:http";

const assetsBindingUrl = Symbol("kindling.assetsBindingUrl");

export function markAssetsBindingRequest(req: IncomingMessage, url: string): void {
  (req as unknown as Record<symbol, string>)[assetsBindingUrl] = url;
}

/** The URL `env.ASSETS.fetch()` was called with, or undefined for a request from a client. */
export function assetsBindingRequestUrl(req: IncomingMessage): string | undefined {
  return (req as unknown as Record<symbol, string | undefined>)[assetsBindingUrl];
}
