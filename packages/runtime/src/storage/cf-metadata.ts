/**
 * workerd's SQLite storage keeps its own metadata in `_cf_METADATA`: a D1 database's bookmark, a
 * Durable Object's alarm (row 1). User SQL cannot touch it (storage/sql-authorizer.ts).
 */
export const createCfMetadataTable = "CREATE TABLE IF NOT EXISTS _cf_METADATA (key INTEGER PRIMARY KEY, value BLOB)";
