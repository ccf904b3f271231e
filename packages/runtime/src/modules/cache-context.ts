/**
 * `cache` of `cloudflare:workers` (workerd's `CacheContext`): `purge()` and `invalidate()` of the
 * zone's edge cache by tags, path prefixes or everything. Production purges Cloudflare's CDN; dev
 * has no CDN in front of the worker, so both throw a clear error rather than answer a success
 * that purged nothing. (workerd run locally shows an empty object here.)
 */
import { notImplemented } from "../shared/not-implemented.js";

interface CachePurgeOptions {
  tags?: string[];
  pathPrefixes?: string[];
  purgeEverything?: boolean;
}

interface CachePurgeResult {
  success: boolean;
  errors: { code: number; message: string }[];
}

export const cache = {
  purge(_options: CachePurgeOptions): Promise<CachePurgeResult> {
    return Promise.resolve().then(() =>
      notImplemented("cache.purge() of cloudflare:workers (a purge of Cloudflare's edge cache)"),
    );
  },
  invalidate(_options: CachePurgeOptions): Promise<CachePurgeResult> {
    return Promise.resolve().then(() =>
      notImplemented("cache.invalidate() of cloudflare:workers (an invalidation of Cloudflare's edge cache)"),
    );
  },
};
