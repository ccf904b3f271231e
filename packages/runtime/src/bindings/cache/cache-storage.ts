/** The `caches` global: `caches.default` and `await caches.open(name)`, all in one state file. */
import type { Clock } from "../../storage/clock.js";
import { Cache } from "./cache.js";
import type { CacheStore } from "./storage.js";

/** Reserved row name of `caches.default`; names given to `open()` are stored with a prefix. */
const defaultName = "default";

export class CacheStorage {
  readonly #store: CacheStore;
  readonly #clock: Clock;
  readonly #opened = new Map<string, Cache>();
  #default?: Cache;

  constructor(store: CacheStore, clock: Clock) {
    this.#store = store;
    this.#clock = clock;
  }

  get default(): Cache {
    return (this.#default ??= new Cache(defaultName, this.#store, this.#clock));
  }

  async open(name: string): Promise<Cache> {
    name = String(name);
    let cache = this.#opened.get(name);
    if (!cache) {
      cache = new Cache(`named:${name}`, this.#store, this.#clock);
      this.#opened.set(name, cache);
    }
    return cache;
  }
}
