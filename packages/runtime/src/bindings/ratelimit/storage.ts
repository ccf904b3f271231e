/** Rate-limit windows of one namespace: a counter per (key, period), in wall-clock-aligned windows. */
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";

const schema = `
CREATE TABLE IF NOT EXISTS ratelimit_windows (
  key TEXT NOT NULL,
  period INTEGER NOT NULL,
  window INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, period)
) WITHOUT ROWID;
`;

interface WindowRow {
  window: number;
  count: number;
}

export class RateLimitStorage {
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(file: string) {
    this.#database = new LazyDatabase(file, schema, prepare);
  }

  /** Counts one call of `key` in the window `now` falls in; false once `limit` calls were counted there. */
  take(key: string, period: number, limit: number, now: number): boolean {
    const window = Math.floor(now / (period * 1000));
    const sql = this.#database.statements;
    return this.#database.db
      .transaction(() => {
        const row = sql.get.get({ key, period });
        const count = row && row.window === window ? row.count : 0;
        if (!row || row.window !== window) sql.expire.run({ period, window });
        if (count >= limit) return false;
        sql.put.run({ key, period, window, count: count + 1 });
        return true;
      })
      .immediate();
  }
}

function prepare(db: Database) {
  type Key = { key: string; period: number };
  return {
    get: db.prepare("SELECT window, count FROM ratelimit_windows WHERE key = :key AND period = :period") as Statement<
      [Key],
      WindowRow
    >,
    put: db.prepare(
      "INSERT OR REPLACE INTO ratelimit_windows (key, period, window, count) VALUES (:key, :period, :window, :count)",
    ) as Statement<[Key & WindowRow]>,
    /** Windows are aligned to the clock, so every other key of this period rolled over too. */
    expire: db.prepare("DELETE FROM ratelimit_windows WHERE period = :period AND window != :window") as Statement<
      [{ period: number; window: number }]
    >,
  };
}
