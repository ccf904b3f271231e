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
import { diskFacts, type FileFacts } from "./file-cache.js";

export function createViteHtmlSource(server: ViteDevServer, files: FileFacts = diskFacts): AssetSource {
  const { root, publicDir } = server.config;
  const hashes = new Map<string, { version: string; etag: string }>();
  // A public directory inside the root, as a path relative to it: its files are not served under that path.
  const publicUnderRoot = publicDir !== "" && isInside(publicDir, root) ? path.relative(root, publicDir) : undefined;
  /** The file a decoded `.html` path names, and whether it is a public (untransformed) one. */
  const fileOf = (pathname: string): { file: string; stat: fs.Stats; isPublic: boolean } | undefined => {
    if (!pathname.endsWith(".html") || pathname.includes("\0")) return undefined;
    const relative = path.posix.normalize(pathname).replace(/^\/+/, "");
    if (relative.split("/").includes("..")) return undefined;
    // The public directory is served at "/", not under its own name.
    if (publicUnderRoot !== undefined && isUnder(relative, publicUnderRoot)) return undefined;
    for (const [dir, isPublic] of [
      [publicDir, true],
      [root, false],
    ] as const) {
      if (!dir) continue;
      const file = path.join(dir, relative);
      const stat = files.file(file);
      if (stat) return { file, stat, isPublic };
    }
    return undefined;
  };
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch {
      return undefined; // removed since it was looked up
    }
  };
  return {
    async exists(pathname) {
      const found = fileOf(pathname);
      if (!found) return null;
      const version = `${found.stat.size}:${found.stat.mtimeMs}`;
      const cached = hashes.get(found.file);
      if (cached?.version === version) return cached.etag;
      const html = read(found.file);
      if (html === undefined) return null;
      const etag = hashContent(html);
      hashes.set(found.file, { version, etag });
      return etag;
    },
    async read(pathname) {
      const found = fileOf(pathname);
      let html = found && read(found.file);
      if (!found || html === undefined) return null;
      if (!found.isPublic) html = await server.transformIndexHtml(pathname, html);
      return { body: new TextEncoder().encode(html), contentType: "text/html; charset=utf-8" };
    },
    // Vite copies publicDir into the client build, the deployed assets directory: its rule files apply.
    ruleFile(name) {
      return publicDir ? files.text(path.join(publicDir, name)) : undefined;
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Whether a root-relative path is `dir` or inside it (both normalized, no leading slash). */
function isUnder(relative: string, dir: string): boolean {
  return dir === "" || relative === dir || relative.startsWith(`${dir}/`);
}
