/** The `caches` global: `caches.default` and `await caches.open(name)`, all in one state file. */
import type { Clock } from "../../storage/clock.js";
import { Cache, notInWorkerd } from "./cache.js";
import type { CacheStore } from "./storage.js";

/** Reserved row name of `caches.default`; names given to `open()` are stored with a prefix. */
const defaultName = "default";

export class CacheStorage {
  get [Symbol.toStringTag](): string {
    return "CacheStorage";
  }

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

  has(_name: string): never {
    return notInWorkerd("has", "CacheStorage");
  }

  keys(): never {
    return notInWorkerd("keys", "CacheStorage");
  }

  match(_request: unknown): never {
    return notInWorkerd("match", "CacheStorage");
  }

  delete(_name: string): never {
    return notInWorkerd("delete", "CacheStorage");
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
