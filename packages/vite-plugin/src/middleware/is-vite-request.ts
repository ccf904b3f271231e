/**
 * Whether Vite serves a request itself: its own URLs, transformed modules and files on disk
 * (public/, or the root except its .html pages, which are assets).
 */
import fs from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import type { ResolvedConfig } from "vite";

/**
 * Vite's own query flags (`?import`, `?raw`, `?url`...) are bare, so a user's `?url=...` is not one.
 * (Timestamped module URLs, `/src/x.ts?t=123`, are caught by the file-on-disk check.)
 */
const viteQuery = /[?&](?:import|direct|raw|url|worker|sharedworker|inline|html-proxy)(?=&|=?$)/;
const vitePrefixes = ["/@", "/__vite", "/node_modules/"];

/** Answers once per request and URL (the CORS and worker middlewares both ask). */
const answers = new WeakMap<IncomingMessage, { url: string; vite: boolean }>();

export function isViteRequest(config: ResolvedConfig, req: IncomingMessage): boolean {
  const url = req.url ?? "/";
  const known = answers.get(req);
  if (known?.url === url) return known.vite;
  const vite = isViteUrl(config, url);
  answers.set(req, { url, vite });
  return vite;
}

/** Files of publicDir that configure assets and are not assets themselves (wrangler does not upload them). */
const assetRuleFiles = new Set(["/_headers", "/_redirects", "/.assetsignore"]);

function isViteUrl(config: ResolvedConfig, url: string): boolean {
  if (vitePrefixes.some((prefix) => url.startsWith(prefix))) return true;
  if (viteQuery.test(url)) return true;
  const pathname = decodePathname(url);
  if (!pathname || !path.extname(pathname) || assetRuleFiles.has(pathname)) return false;
  const { publicDir, root } = config;
  if (publicDir !== "" && isFile(path.join(publicDir, pathname))) return true;
  // Vite serves no .html file of the root itself (appType "custom"): those pages are assets.
  return path.extname(pathname) !== ".html" && isFile(path.join(root, pathname));
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
