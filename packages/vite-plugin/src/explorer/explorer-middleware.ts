/**
 * /cdn-cgi/local/explorer: the local explorer (the same path as the official plugin's), a page
 * built with Vite and shipped in this package (dist/explorer-ui), and its API. Only this dev
 * server's own pages may use it: a request another site sends is refused, writes need this
 * server's Origin, and no other site may frame it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Connect } from "vite";
import { crossSiteOrigin } from "../middleware/cross-site.js";
import { sendText } from "../middleware/send-text.js";
import { handleApi, type ExplorerTarget } from "./explorer-api.js";

export const explorerPath = "/cdn-cgi/local/explorer";

/** The page's files, built by `pnpm build` (explorer-ui/ with Vite). */
const uiDir = path.resolve(fileURLToPath(import.meta.url), "../../explorer-ui");
const assetName = /^[\w.-]+$/;
const contentTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".html": "text/html; charset=utf-8",
};

export function explorerMiddleware(target: () => ExplorerTarget | undefined): Connect.NextHandleFunction {
  return async function kindlingExplorerMiddleware(req, res, next) {
    const url = new URL((req as { originalUrl?: string }).originalUrl ?? req.url ?? "/", "http://localhost");
    if (url.pathname !== explorerPath && !url.pathname.startsWith(`${explorerPath}/`)) return next();
    res.setHeader("x-frame-options", "DENY");
    res.setHeader("content-security-policy", "frame-ancestors 'none'");
    res.setHeader("x-content-type-options", "nosniff");
    const crossSite = crossSiteOrigin(req);
    if (crossSite) {
      return sendText(res, 403, `[kindling] The explorer only answers this dev server's own pages, not ${crossSite}.`);
    }
    const rest = url.pathname.slice(explorerPath.length).replace(/^\//, "");
    if (rest.startsWith("api/")) {
      if (req.method === "POST" && !sameOrigin(req.headers.origin, req.headers.host)) {
        return sendText(
          res,
          403,
          "[kindling] Changes through the explorer must come from its own page (an Origin header of this server).",
        );
      }
      const explorer = target();
      if (!explorer)
        return sendText(res, 404, "[kindling] This project has no worker (assets only): the explorer has nothing to show.");
      return handleApi(explorer, rest.slice("api/".length), url, req, res);
    }
    if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, `[kindling] Use GET for ${url.pathname}.`);
    if (rest === "" || rest === "index.html") return sendFile(res, path.join(uiDir, "index.html"));
    const asset = rest.startsWith("assets/") ? rest.slice("assets/".length) : undefined;
    if (asset !== undefined && assetName.test(asset)) return sendFile(res, path.join(uiDir, "assets", asset), true);
    // Client-side routes of the page.
    sendFile(res, path.join(uiDir, "index.html"));
  };
}

function sendFile(res: import("node:http").ServerResponse, file: string, immutable = false): void {
  let body: Buffer;
  try {
    body = fs.readFileSync(file);
  } catch {
    const built = fs.existsSync(path.join(uiDir, "index.html"));
    return sendText(
      res,
      built ? 404 : 500,
      built
        ? `[kindling] The explorer has no file ${path.basename(file)}.`
        : `[kindling] The explorer's page is missing from ${uiDir}. Build the package with "pnpm build".`,
    );
  }
  res.statusCode = 200;
  res.setHeader("content-type", contentTypes[path.extname(file)] ?? "application/octet-stream");
  res.setHeader("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-store");
  res.end(body);
}

function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
