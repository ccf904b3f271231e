/** Installs the `caches` global of a generation, persisted under the generation's state directory. */
import { createCacheStorage } from "../bindings/cache/index.js";

export function installCaches(persist: string): void {
  Object.defineProperty(globalThis, "caches", {
    value: createCacheStorage(persist),
    configurable: true,
    enumerable: true,
    writable: true,
  });
}
