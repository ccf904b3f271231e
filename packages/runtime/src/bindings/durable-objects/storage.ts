/**
 * `ctx.storage` (DurableObjectStorage). Every operation runs synchronously on the object's
 * SQLite database and returns an already-settled promise: awaiting it never lets another event
 * in (the input gate), exactly as awaiting storage does in production.
 */
import { beginWrite, writeTransaction, type Database } from "../../storage/database.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { KvTable, type ListOptions } from "./kv-table.js";
import { SqlStorage } from "./sql.js";
import { SyncKvStorage } from "./sync-kv.js";
import { AlarmStore } from "./alarm-store.js";
import { Buffer } from "node:buffer";

export interface StorageHooks {
  sqlite: boolean;
  /** Tells the host's alarm scheduler (null: deleted). */
  onAlarmChange(time: number | null): void;
  /** Whether the class defines alarm(); setAlarm requires it. */
  hasAlarmHandler(): boolean;
  /** Why the instance was released, once it was: every operation then throws it. */
  released?(): Error | undefined;
  /** deleteAll() deletes the alarm too (compatibility date 2026-02-24 on, `delete_all_deletes_alarm`). */
  deleteAllDeletesAlarm?: boolean;
}

// workerd's wording, typos included ("directly,set", "asyncronous").
const enableSqlite =
  "change `new_classes` to `new_sqlite_classes` within the 'migrations' field in your wrangler.jsonc or wrangler.toml file. " +
  "If using workerd directly,set `enableSql = true` in your workerd config for the class. " +
  "Note that this change cannot be made after the class is already deployed to production.";
const sqlNotEnabled = `SQL is not enabled for this Durable Object class. To enable it, ${enableSqlite}`;
const kvNotEnabled =
  "The storage.kv (synchronous KV) API is only available for SQLite-backed Durable Objects, but this object's namespace " +
  "is not declared to use SQLite. You can use the older, asyncronous interface via methods of `storage` itself " +
  `(e.g. \`storage.get()\`). Alternatively, to enable SQLite, ${enableSqlite.replace("directly,set", "directly, set")}`;

export class DurableObjectStorage {
  get [Symbol.toStringTag](): string {
    return "DurableObjectStorage";
  }

  #db: Database;
  #table: KvTable;
  #alarm: AlarmStore;
  #hooks: StorageHooks;
  #sql: SqlStorage | undefined;
  #kv: SyncKvStorage | undefined;

  constructor(db: Database, hooks: StorageHooks) {
    this.#db = db;
    this.#hooks = hooks;
    this.#table = new KvTable(db, this.#check);
    this.#alarm = new AlarmStore(db, this.#check);
  }

  readonly #check = (): void => {
    const released = this.#hooks.released?.();
    if (released) throw released;
  };

  get(key: string, options?: object): Promise<unknown>;
  get(keys: string[], options?: object): Promise<Map<string, unknown>>;
  get(keys: string | string[]): Promise<unknown> {
    return settle(() => {
      if (!Array.isArray(keys)) return this.#table.get(String(keys));
      const out = new Map<string, unknown>();
      for (const key of keys.map(String).toSorted(compareKeys)) {
        const value = this.#table.get(key);
        if (value !== undefined) out.set(key, value);
      }
      return out;
    });
  }

  put(key: string, value: unknown, options?: object): Promise<void>;
  put(entries: Record<string, unknown>, options?: object): Promise<void>;
  put(keyOrEntries: string | Record<string, unknown>, value?: unknown): Promise<void> {
    return settle(() => {
      if (typeof keyOrEntries === "object" && keyOrEntries !== null) {
        this.#inTransaction(() => {
          for (const [key, entry] of Object.entries(keyOrEntries)) this.#table.put(key, entry);
        });
      } else {
        if (value === undefined) throw new TypeError("put() called with undefined value.");
        this.#table.put(String(keyOrEntries), value);
      }
    });
  }

  delete(key: string, options?: object): Promise<boolean>;
  delete(keys: string[], options?: object): Promise<number>;
  delete(keys: string | string[]): Promise<boolean | number> {
    return settle(() => {
      if (!Array.isArray(keys)) return this.#table.delete(String(keys));
      return this.#inTransaction(() => keys.filter((key) => this.#table.delete(String(key))).length);
    });
  }

  /**
   * Deletes every key and, in SQLite-backed objects, every table created through the SQL API; from
   * compatibility date 2026-02-24 the alarm as well.
   */
  deleteAll(_options?: object): Promise<void> {
    return settle(() => {
      const alarmDeleted = this.#inTransaction(() => {
        const deleteAlarm = this.#hooks.deleteAllDeletesAlarm === true && this.#alarm.get() !== null;
        if (deleteAlarm) this.#alarm.set(null);
        this.#deleteData();
        return deleteAlarm;
      });
      if (alarmDeleted) this.#hooks.onAlarmChange(null);
    });
  }

  #deleteData(): void {
    this.#table.deleteAll();
    if (!this.#hooks.sqlite) return;
    const tables = this.#db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
      )
      .all();
    for (const { name } of tables) this.#db.exec(`DROP TABLE IF EXISTS "${name.replaceAll('"', '""')}"`);
  }

  list(options: ListOptions & object = {}): Promise<Map<string, unknown>> {
    return settle(() => new Map(this.#table.list(options)));
  }

  /** The closure's writes apply together when it returns, or not at all when it throws or calls rollback(). */
  async transaction<T>(closure: (txn: DurableObjectTransaction) => Promise<T> | T): Promise<T> {
    this.#check();
    const span = beginWrite(this.#db);
    const txn = new DurableObjectTransaction(this);
    let result: T;
    try {
      result = await closure(txn);
    } catch (error) {
      if (this.#hooks.released?.() === undefined) span.rollback();
      throw error;
    }
    this.#check();
    if (DurableObjectTransaction.rolledBack(txn)) span.rollback();
    else span.commit();
    return result;
  }

  transactionSync<T>(closure: () => T): T {
    return this.#inTransaction(closure);
  }

  getAlarm(_options?: object): Promise<number | null> {
    return settle(() => this.#alarm.get());
  }

  setAlarm(scheduledTime: number | Date, _options?: object): Promise<void> {
    return settle(() => {
      // workerd's `kj::Date` parameter: a number of milliseconds or a Date.
      if (typeof scheduledTime !== "number" && !(scheduledTime instanceof Date)) {
        throw new TypeError("Failed to execute 'setAlarm' on 'DurableObjectStorage': parameter 1 is not of type 'date'.");
      }
      const time = scheduledTime instanceof Date ? scheduledTime.getTime() : scheduledTime;
      if (!Number.isFinite(time)) throw new TypeError("The value cannot be converted because it is not a valid Date.");
      // workerd's kj::Date holds nanoseconds in 64 bits (its wording names other years than the limits).
      if (time * 1e6 >= 2 ** 63) throw new TypeError("This API doesn't support dates after 2189.");
      if (time * 1e6 <= -(2 ** 63)) throw new TypeError("This API doesn't support dates before 1687.");
      if (!this.#hooks.hasAlarmHandler()) {
        throw new TypeError("Your Durable Object class must have an alarm() handler in order to call setAlarm()");
      }
      this.#alarm.set(Math.trunc(time));
      this.#hooks.onAlarmChange(Math.trunc(time));
    });
  }

  deleteAlarm(_options?: object): Promise<void> {
    return settle(() => {
      this.#alarm.set(null);
      this.#hooks.onAlarmChange(null);
    });
  }

  /** Writes are durable once acknowledged (synchronous=FULL): nothing to wait for. */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  get sql(): SqlStorage {
    if (!this.#hooks.sqlite) throw new Error(sqlNotEnabled);
    return (this.#sql ??= new SqlStorage(this.#db, this.#check));
  }

  get kv(): SyncKvStorage {
    if (!this.#hooks.sqlite) throw new Error(kvNotEnabled);
    return (this.#kv ??= new SyncKvStorage(this.#table));
  }

  getCurrentBookmark(): Promise<string> {
    return notImplemented("DurableObjectStorage.getCurrentBookmark");
  }

  getBookmarkForTime(): Promise<string> {
    return notImplemented("DurableObjectStorage.getBookmarkForTime");
  }

  onNextSessionRestoreBookmark(): Promise<string> {
    return notImplemented("DurableObjectStorage.onNextSessionRestoreBookmark");
  }

  /** @internal the alarm as stored, for the alarm event */
  static alarmStore(storage: DurableObjectStorage): AlarmStore {
    return storage.#alarm;
  }

  #inTransaction<T>(fn: () => T): T {
    this.#check();
    return writeTransaction(this.#db, fn);
  }
}

/** The `txn` of `storage.transaction(txn => ...)`: the storage API plus rollback(). */
export class DurableObjectTransaction {
  #storage: DurableObjectStorage;
  #rolledBack = false;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
  }

  get: DurableObjectStorage["get"] = ((keys: never) => this.#storage.get(keys)) as never;
  put: DurableObjectStorage["put"] = ((key: never, value: never) => this.#storage.put(key, value)) as never;
  delete: DurableObjectStorage["delete"] = ((keys: never) => this.#storage.delete(keys)) as never;
  list = (options?: ListOptions) => this.#storage.list(options);
  getAlarm = () => this.#storage.getAlarm();
  setAlarm = (time: number | Date) => this.#storage.setAlarm(time);
  deleteAlarm = () => this.#storage.deleteAlarm();

  /** Discards every write of the transaction when its closure returns. */
  rollback(): void {
    this.#rolledBack = true;
  }

  static rolledBack(txn: DurableObjectTransaction): boolean {
    return txn.#rolledBack;
  }
}

function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
