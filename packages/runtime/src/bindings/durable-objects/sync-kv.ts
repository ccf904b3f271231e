/** `ctx.storage.kv`: the synchronous KV API of SQLite-backed objects. */
import type { KvTable, ListOptions } from "./kv-table.js";

export class SyncKvStorage {
  #table: KvTable;

  constructor(table: KvTable) {
    this.#table = table;
  }

  get<T = unknown>(key: string): T | undefined {
    return this.#table.get(String(key)) as T | undefined;
  }

  put<T>(key: string, value: T): void {
    this.#table.put(String(key), value);
  }

  delete(key: string): boolean {
    return this.#table.delete(String(key));
  }

  list<T = unknown>(options?: ListOptions): Iterable<[string, T]> {
    return this.#table.list(options) as Iterable<[string, T]>;
  }
}
