/**
 * The object's alarm, where workerd keeps it: row 1 of `_cf_METADATA` (workerd's SqliteMetadata),
 * in nanoseconds since the epoch, NULL once deleted. The table appears with the first alarm an
 * object sets. Objects stored by an earlier Kindling kept it in its own `_cf_ALARM` table (milliseconds),
 * which moves over when the store opens.
 */
import { writeTransaction, type Database, type Statement } from "../../storage/database.js";
import { createCfMetadataTable } from "../../storage/cf-metadata.js";
import { hasTable } from "../../storage/table-columns.js";

const alarmKey = 1;
const nanosPerMilli = 1_000_000n;

export class AlarmStore {
  #db: Database;
  #get: Statement<[], { value: bigint | null }> | undefined;
  #set: Statement<[bigint | null]> | undefined;

  /** Throws once the instance is released. */
  #check: () => void;

  constructor(db: Database, check: () => void = () => {}) {
    this.#db = db;
    this.#check = check;
    if (hasTable(db, "_cf_ALARM")) writeTransaction(db, () => this.#moveLegacyAlarm());
  }

  /** The alarm's time in milliseconds, or null. */
  get(): number | null {
    this.#check();
    if (!this.#hasTable()) return null;
    this.#get ??= this.#db
      .prepare<[], { value: bigint | null }>(`SELECT value FROM _cf_METADATA WHERE key = ${alarmKey}`)
      .safeIntegers(true);
    const value = this.#get.get()?.value;
    return value === undefined || value === null ? null : Number(BigInt(value) / nanosPerMilli);
  }

  /** Sets (a whole number of milliseconds) or, with null, deletes the alarm. */
  set(time: number | null): void {
    this.#check();
    if (time === null && !this.#hasTable()) return;
    writeTransaction(this.#db, () => this.#write(time === null ? null : BigInt(time) * nanosPerMilli));
  }

  #hasTable(): boolean {
    return hasTable(this.#db, "_cf_METADATA");
  }

  #write(nanos: bigint | null): void {
    this.#db.exec(createCfMetadataTable);
    this.#set ??= this.#db.prepare<[bigint | null]>(
      `INSERT INTO _cf_METADATA VALUES (${alarmKey}, ?) ON CONFLICT DO UPDATE SET value = excluded.value`,
    );
    this.#set.run(nanos);
  }

  /** Inside a write transaction: another connection may have moved it meanwhile. */
  #moveLegacyAlarm(): void {
    if (!hasTable(this.#db, "_cf_ALARM")) return;
    const row = this.#db.prepare("SELECT time FROM _cf_ALARM WHERE id = 0").safeIntegers(true).get() as
      | { time: bigint }
      | undefined;
    if (row) this.#write(row.time * nanosPerMilli);
    this.#db.exec("DROP TABLE _cf_ALARM");
  }
}
