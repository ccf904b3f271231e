/** The migrations folder and the table that records applied migrations, as wrangler keeps them. */
import fs from "node:fs";
import path from "node:path";
import type { D1Database } from "@kindling/runtime/d1";
import { CliError } from "../cli-error.js";
import type { D1Target } from "./resolve-d1-target.js";

/** `.sql` files of the migrations folder, ordered by their number prefix (`0001_add_users.sql`). */
export function listMigrationFiles(target: D1Target): string[] {
  const dir = target.migrationsDir;
  if (!fs.existsSync(dir)) {
    throw new CliError(
      `[kindling] No migrations folder for D1 database ${target.label}: "${path.relative(target.root, dir) || dir}" does not exist. ` +
        `Create a migration with "kindling d1 migrations create ${target.descriptor.name} <message>", ` +
        `or set "migrations_dir" of this database in ${target.configName}.`,
    );
  }
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .toSorted((a, b) => migrationNumber(a) - migrationNumber(b) || a.localeCompare(b));
}

export function migrationNumber(name: string): number {
  const number = Number.parseInt(name.split("_")[0]!, 10);
  return Number.isNaN(number) ? Number.MAX_SAFE_INTEGER : number;
}

/** wrangler's table: `id`, `name` (unique) and `applied_at`. */
export async function ensureMigrationsTable(database: D1Database, table: string): Promise<void> {
  await database
    .prepare(
      `CREATE TABLE IF NOT EXISTS ${table}(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`,
    )
    .run();
}

/** Names of the applied migrations; none when the table does not exist yet. */
export async function appliedMigrations(database: D1Database, table: string): Promise<Set<string>> {
  const exists = await database.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").bind(table).first();
  if (!exists) return new Set();
  const rows = await database.prepare(`SELECT name FROM ${table} ORDER BY id`).raw<[string]>();
  return new Set(rows.map(([name]) => name));
}
