/** `kindling d1 migrations list <database>`: the migrations not applied yet. */
import { formatTable } from "../print-table.js";
import { appliedMigrations, listMigrationFiles } from "./migration-files.js";
import { resolveD1Target, type ConfigArgs } from "./resolve-d1-target.js";
import { withDatabase } from "./with-database.js";

export async function migrationsList(database: string | undefined, args: ConfigArgs): Promise<void> {
  const target = resolveD1Target(database, args);
  const files = listMigrationFiles(target);
  const applied = await withDatabase(target, (db) => appliedMigrations(db, target.migrationsTable));
  const pending = files.filter((name) => !applied.has(name));
  if (pending.length === 0) {
    console.log(`✅ No migrations to apply to ${target.label}!`);
    return;
  }
  console.log(`Migrations to be applied to ${target.label}:`);
  console.log(
    formatTable(
      ["name"],
      pending.map((name) => [name]),
    ),
  );
}
