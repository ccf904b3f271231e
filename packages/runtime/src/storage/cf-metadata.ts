/**
 * workerd's SQLite storage keeps its own metadata in `_cf_METADATA`: a D1 database's bookmark, a
 * Durable Object's alarm (row 1). User SQL cannot touch it (storage/sql-authorizer.ts).
 */
import type { Database } from "./database.js";

export const createCfMetadataTable = "CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)";

/** Whether `db` has the table `name` (its own, of another connection, or rolled back). */
export function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
