/**
 * Durable Object alarms, scheduled by the host so they outlive generations and restarts. The
 * schedule is a SQLite table (`<ownState>/do/alarms.sqlite`, one per worker); each object also keeps its alarm in
 * its own database, which decides whether a firing still stands. A failing alarm() is retried
 * with exponential backoff from 2 s, up to 6 retries, as in production.
 */
import type { RpcAddress, RpcOutcome } from "../protocol/messages.js";
import { statePaths } from "../storage/state-path.js";
import { openDatabase, writeTransaction, type Database } from "../storage/database.js";

/** An object of the worker: its class's storage name and its id. */
export type ObjectKey = Pick<RpcAddress & { kind: "object" }, "storageName" | "id">;

export const MAX_ALARM_RETRIES = 6;
const FIRST_RETRY_DELAY = 2_000;
/** setTimeout's longest delay; later alarms re-arm when it fires. */
const MAX_TIMER = 2 ** 31 - 1;

interface AlarmRow {
  storage_name: string;
  object_id: string;
  time: number;
  retry_count: number;
  next_attempt: number;
}

export interface AlarmSchedulerOptions {
  /** The worker's own state directory (`ownState`): one schedule per worker. */
  persist: string;
  /** Runs the alarm in the worker's object, wherever the directory places it. */
  fire(object: ObjectKey, scheduledTime: number, retryCount: number): Promise<RpcOutcome>;
  onError(message: string): void;
  now?: () => number;
}

export class AlarmScheduler {
  #options: AlarmSchedulerOptions;
  #db: Database;
  #timers = new Map<string, NodeJS.Timeout>();
  #running = new Set<string>();
  #now: () => number;
  #closed = false;

  constructor(options: AlarmSchedulerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#db = openDatabase(statePaths(options.persist, "do", "alarms").database);
    this.#write(`CREATE TABLE IF NOT EXISTS do_alarms (
      storage_name TEXT NOT NULL, object_id TEXT NOT NULL, time INTEGER NOT NULL,
      retry_count INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL,
      PRIMARY KEY (storage_name, object_id))`);
  }

  /** Arms every stored alarm; missed ones fire now. */
  start(): void {
    for (const row of this.#db.prepare<[], AlarmRow>("SELECT * FROM do_alarms").all()) this.#arm(row);
  }

  /** An object set (or, with null, deleted) its alarm. */
  set(address: ObjectKey, time: number | null): void {
    const key = keyOf(address.storageName, address.id);
    if (time === null) {
      this.#write("DELETE FROM do_alarms WHERE storage_name = ? AND object_id = ?", address.storageName, address.id);
      clearTimeout(this.#timers.get(key));
      this.#timers.delete(key);
      return;
    }
    this.#write(
      "INSERT OR REPLACE INTO do_alarms (storage_name, object_id, time, retry_count, next_attempt) VALUES (?, ?, ?, 0, ?)",
      address.storageName,
      address.id,
      time,
      time,
    );
    this.#arm(this.#row(address.storageName, address.id)!);
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#db.close();
  }

  #write(sql: string, ...params: unknown[]): void {
    const statement = this.#db.prepare(sql);
    writeTransaction(this.#db, () => statement.run(...params));
  }

  #row(storageName: string, id: string): AlarmRow | undefined {
    return this.#db
      .prepare<[string, string], AlarmRow>("SELECT * FROM do_alarms WHERE storage_name = ? AND object_id = ?")
      .get(storageName, id);
  }

  #arm(row: AlarmRow): void {
    if (this.#closed) return;
    const key = keyOf(row.storage_name, row.object_id);
    clearTimeout(this.#timers.get(key));
    const delay = Math.max(0, row.next_attempt - this.#now());
    const timer = setTimeout(
      () => {
        this.#timers.delete(key);
        if (delay > MAX_TIMER) return this.#arm(row);
        void this.#fire(row.storage_name, row.object_id);
      },
      Math.min(delay, MAX_TIMER),
    );
    timer.unref();
    this.#timers.set(key, timer);
  }

  /** Fires at most once at a time per object; whatever was set meanwhile is armed afterwards. */
  async #fire(storageName: string, id: string): Promise<void> {
    const key = keyOf(storageName, id);
    const row = this.#row(storageName, id);
    if (!row || this.#running.has(key) || this.#closed) return;
    this.#running.add(key);
    let outcome: RpcOutcome;
    try {
      outcome = await this.#options.fire({ storageName, id }, row.time, row.retry_count);
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      this.#running.delete(key);
    }
    if (this.#closed) return;
    const now = this.#row(storageName, id);
    if (!now || now.time !== row.time || now.retry_count !== row.retry_count) {
      if (now) this.#arm(now); // set again (or deleted) while it ran: that wins
      return;
    }
    if (outcome.ok || row.retry_count >= MAX_ALARM_RETRIES) {
      if (!outcome.ok)
        this.#options.onError(`[kindling] The alarm of Durable Object ${key} failed ${row.retry_count + 1} times; giving up.`);
      this.#write("DELETE FROM do_alarms WHERE storage_name = ? AND object_id = ?", storageName, id);
      return;
    }
    const retry = row.retry_count + 1;
    const next = this.#now() + FIRST_RETRY_DELAY * 2 ** (retry - 1);
    this.#write(
      "UPDATE do_alarms SET retry_count = ?, next_attempt = ? WHERE storage_name = ? AND object_id = ?",
      retry,
      next,
      storageName,
      id,
    );
    this.#arm(this.#row(storageName, id)!);
  }
}

function keyOf(storageName: string, id: string): string {
  return `${storageName}/${id}`;
}
