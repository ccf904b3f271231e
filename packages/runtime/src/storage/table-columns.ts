/** What a database's schema holds: a table's columns, whether a table exists. */
import type { Database, Statement } from "./database.js";

/** The column names of `table` in `db`'s main schema (empty when there is no such table). */
export function tableColumns(db: Database, table: string): string[] {
  const rows = db.prepare("SELECT name FROM pragma_table_info(?)").all(table) as { name: string }[];
  return rows.map((row) => row.name);
}

/** Per database: hasTable() is asked on reads (an alarm, a KV get before the first write). */
const tableLookups = new WeakMap<Database, Statement<[string], unknown>>();

/** Whether `db` has the table `name` (its own, of another connection, or rolled back). */
export function hasTable(db: Database, name: string): boolean {
  let lookup = tableLookups.get(db);
  if (lookup === undefined) {
    lookup = db.prepare<[string], unknown>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    tableLookups.set(db, lookup);
  }
  return lookup.get(name) !== undefined;
}
