/**
 * Assets from a directory on disk. Lookups go through `FileFacts` (in dev, remembered until Vite's
 * watcher reports a change); hashes are cached by size and mtime. What wrangler would not upload is not served: `.assetsignore`
 * patterns, the rule files themselves, and files the dev server denies (secrets, state).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { Asset, AssetSource } from "./asset-source.js";
import { contentTypeOf } from "./content-type.js";
import { diskFacts, type FileFacts } from "./file-cache.js";

/** Production's limit per asset: https://developers.cloudflare.com/workers/platform/limits/#static-assets */
const maxAssetSize = 25 * 1024 * 1024;
const alwaysIgnored = ["/.assetsignore", "/_redirects", "/_headers"];

export interface DirectorySourceOptions {
  /** Why a file must never be served (secrets, state), or undefined. */
  denied?(file: string): string | undefined;
  /** How files are looked up (default: the disk on every lookup). */
  files?: FileFacts;
}

export function createDirectorySource(directory: string, options: DirectorySourceOptions = {}): AssetSource {
  const files = options.files ?? diskFacts;
  const hashes = new Map<string, { version: string; etag: string }>();
  let ignoreFile: { text: string; matcher: Ignore } | undefined;

  const ignored = (relative: string) => {
    const text = files.text(path.join(directory, ".assetsignore")) ?? "";
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
    const stat = files.file(file);
    return stat && stat.size <= maxAssetSize ? { file, stat } : undefined;
  };

  return {
    async exists(pathname) {
      const found = fileOf(pathname);
      if (!found) return null;
      const version = `${found.stat.size}:${found.stat.mtimeMs}`;
      const cached = hashes.get(found.file);
      if (cached?.version === version) return cached.etag;
      const content = readBytes(found.file);
      if (!content) return null;
      const etag = hashContent(content);
      hashes.set(found.file, { version, etag });
      return etag;
    },
    async read(pathname): Promise<Asset | null> {
      const found = fileOf(pathname);
      const body = found && readBytes(found.file);
      return body ? { body, contentType: contentTypeOf(found.file) } : null;
    },
    ruleFile(name) {
      return files.text(path.join(directory, name));
    },
  };
}

/** 32 hex characters, like production's asset hashes. */
export function hashContent(content: Uint8Array | string): string {
  return crypto.createHash("sha256").update(content).digest("hex").slice(0, 32);
}

/** The file's bytes, or undefined if it went away since it was looked up. */
function readBytes(file: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    return new Uint8Array(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}
