/**
 * In `vite dev`, the HTML pages of Vite's client are assets, as `@cloudflare/vite-plugin` has them:
 * `.html` files in `publicDir` (as they are) and in the root (through `transformIndexHtml`, so
 * the page loads Vite's client and the sources). Other client files Vite serves itself. The
 * public directory's `_redirects` and `_headers` apply, as they will in the client build.
 */
import fs from "node:fs";
import path from "node:path";
import type { ViteDevServer } from "vite";
import type { AssetSource } from "./asset-source.js";
import { hashContent } from "./directory-source.js";

export function createViteHtmlSource(server: ViteDevServer): AssetSource {
  const { root, publicDir } = server.config;
  /** The file a decoded `.html` path names, and whether it is a public (untransformed) one. */
  const fileOf = (pathname: string): { file: string; isPublic: boolean } | undefined => {
    if (!pathname.endsWith(".html") || pathname.includes("\0")) return undefined;
    const relative = path.posix.normalize(pathname).replace(/^\/+/, "");
    if (relative.split("/").includes("..")) return undefined;
    // The public directory is served at "/", not under its own name.
    const publicInRoot = publicDir && isInside(publicDir, root);
    if (publicInRoot && isInside(path.join(root, relative), publicDir)) return undefined;
    if (publicDir && isFile(path.join(publicDir, relative))) return { file: path.join(publicDir, relative), isPublic: true };
    if (isFile(path.join(root, relative))) return { file: path.join(root, relative), isPublic: false };
    return undefined;
  };
  return {
    async exists(pathname) {
      const found = fileOf(pathname);
      return found ? hashContent(fs.readFileSync(found.file)) : null;
    },
    async read(pathname) {
      const found = fileOf(pathname);
      if (!found) return null;
      let html = fs.readFileSync(found.file, "utf8");
      if (!found.isPublic) html = await server.transformIndexHtml(pathname, html);
      return { body: new TextEncoder().encode(html), contentType: "text/html; charset=utf-8" };
    },
    // Vite copies publicDir into the client build, the deployed assets directory: its rule files apply.
    ruleFile(name) {
      if (!publicDir) return undefined;
      try {
        return fs.readFileSync(path.join(publicDir, name), "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
