/** The object's alarm, kept in its own database so that getAlarm() and transactions see it. */
import { writeTransaction, type Database } from "../../storage/database.js";

export class AlarmStore {
  #db: Database;
  #get;
  #set;
  #clear;

  /** Throws once the instance is released. */
  #check: () => void;

  constructor(db: Database, check: () => void = () => {}) {
    this.#db = db;
    this.#check = check;
    writeTransaction(db, () =>
      db.exec("CREATE TABLE IF NOT EXISTS _cf_ALARM (id INTEGER PRIMARY KEY CHECK (id = 0), time INTEGER NOT NULL)"),
    );
    this.#get = db.prepare<[], { time: number }>("SELECT time FROM _cf_ALARM WHERE id = 0");
    this.#set = db.prepare<[number]>("INSERT OR REPLACE INTO _cf_ALARM (id, time) VALUES (0, ?)");
    this.#clear = db.prepare("DELETE FROM _cf_ALARM");
  }

  get(): number | null {
    this.#check();
    return this.#get.get()?.time ?? null;
  }

  set(time: number | null): void {
    this.#check();
    writeTransaction(this.#db, () => (time === null ? this.#clear.run() : this.#set.run(time)));
  }
}
