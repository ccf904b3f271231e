/**
 * Assets from a directory on disk, read on each request (an edit is served at once; hashes are
 * cached by size and mtime). What wrangler would not upload is not served: `.assetsignore`
 * patterns, the rule files themselves, and files the dev server denies (secrets, state).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Asset, AssetSource } from "./asset-source.js";
import { contentTypeOf } from "./content-type.js";

/** Production's limit per asset: https://developers.cloudflare.com/workers/platform/limits/#static-assets */
const maxAssetSize = 25 * 1024 * 1024;
const alwaysIgnored = ["/.assetsignore", "/_redirects", "/_headers"];

export interface DirectorySourceOptions {
  /** Why a file must never be served (secrets, state), or undefined. */
  denied?(file: string): string | undefined;
}

export function createDirectorySource(directory: string, options: DirectorySourceOptions = {}): AssetSource {
  const hashes = new Map<string, { version: string; etag: string }>();
  let ignoreFile: { text: string; matcher: Ignore } | undefined;

  const ignored = (relative: string) => {
    const text = readText(path.join(directory, ".assetsignore")) ?? "";
    if (ignoreFile?.text !== text) ignoreFile = { text, matcher: ignore().add([...alwaysIgnored, ...text.split("\n")]) };
    return ignoreFile.matcher.ignores(relative);
  };

  /** The file a decoded URL path names, if it is an asset. */
  const fileOf = (pathname: string): { file: string; stat: fs.Stats } | undefined => {
    if (pathname.includes("\0") || pathname.includes("\\")) return undefined;
    const relative = path.posix.normalize(pathname).replace(/^\/+/, "");
    if (relative === "" || relative.startsWith("..") || relative.endsWith("/")) return undefined;
    if (relative.split("/").some((segment) => segment === "..")) return undefined;
    const file = path.join(directory, relative);
    if (ignored(relative) || options.denied?.(file)) return undefined;
    try {
      const stat = fs.statSync(file);
      return stat.isFile() && stat.size <= maxAssetSize ? { file, stat } : undefined;
    } catch {
      return undefined;
    }
  };

  return {
    async exists(pathname) {
      const found = fileOf(pathname);
      if (!found) return null;
      const version = `${found.stat.size}:${found.stat.mtimeMs}`;
      const cached = hashes.get(found.file);
      if (cached?.version === version) return cached.etag;
      const etag = hashContent(fs.readFileSync(found.file));
      hashes.set(found.file, { version, etag });
      return etag;
    },
    async read(pathname): Promise<Asset | null> {
      const found = fileOf(pathname);
      if (!found) return null;
      return { body: new Uint8Array(fs.readFileSync(found.file)), contentType: contentTypeOf(found.file) };
    },
    ruleFile(name) {
      return readText(path.join(directory, name));
    },
  };
}

/** 32 hex characters, like production's asset hashes. */
export function hashContent(content: Uint8Array | string): string {
  return crypto.createHash("sha256").update(content).digest("hex").slice(0, 32);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
