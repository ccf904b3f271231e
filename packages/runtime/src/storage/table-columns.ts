import type { Database } from "./database.js";

/** The column names of `table` in `db`'s main schema (empty when there is no such table). */
export function tableColumns(db: Database, table: string): string[] {
  const rows = db.prepare("SELECT name FROM pragma_table_info(?)").all(table) as { name: string }[];
  return rows.map((row) => row.name);
}
