/** The Cache API (`caches`), a Workers global rather than a binding; persisted like the bindings. */
import { systemClock, type Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import { CacheStorage } from "./cache-storage.js";
import { CacheStore } from "./storage.js";

export { Cache } from "./cache.js";
export { CacheStorage } from "./cache-storage.js";

/** State in `<persist>/cache/caches.sqlite` (+ `caches.blobs/` for large bodies). */
export function createCacheStorage(persist: string, clock: Clock = systemClock): CacheStorage {
  return new CacheStorage(new CacheStore(statePaths(persist, "cache", "caches")), clock);
}
