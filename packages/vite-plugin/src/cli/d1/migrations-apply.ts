/** `kindling d1 migrations apply <database>`: each unapplied migration in its own transaction, recorded in `d1_migrations`. */
import fs from "node:fs";
import path from "node:path";
import { splitSqlStatements } from "@kindling/runtime/d1";
import { CliError } from "../cli-error.js";
import { formatTable } from "../print-table.js";
import { appliedMigrations, ensureMigrationsTable, listMigrationFiles } from "./migration-files.js";
import { resolveD1Target, type ConfigArgs } from "./resolve-d1-target.js";
import { withDatabase } from "./with-database.js";

export async function migrationsApply(database: string | undefined, args: ConfigArgs): Promise<void> {
  const target = resolveD1Target(database, args);
  const files = listMigrationFiles(target);
  await withDatabase(target, async (db) => {
    await ensureMigrationsTable(db, target.migrationsTable);
    const applied = await appliedMigrations(db, target.migrationsTable);
    const pending = files.filter((name) => !applied.has(name)).map((name) => ({ name, status: "🕒️" }));
    if (pending.length === 0) {
      console.log(`✅ No migrations to apply to ${target.label}!`);
      return;
    }
    console.log(`Migrations to be applied to ${target.label}, ${path.relative(target.root, target.file)}:`);
    console.log(
      formatTable(
        ["name"],
        pending.map((m) => [m.name]),
      ),
    );
    for (const migration of pending) {
      const file = path.join(target.migrationsDir, migration.name);
      const statements = splitSqlStatements(fs.readFileSync(file, "utf8")).map(({ text }) => db.prepare(text));
      const record = db.prepare(`INSERT INTO ${target.migrationsTable} (name) VALUES (?)`).bind(migration.name);
      try {
        // One batch is one transaction: the migration and its record apply together, or not at all.
        await db.batch([...statements, record]);
        migration.status = "✅";
      } catch (error) {
        migration.status = "❌";
        console.log(
          formatTable(
            ["name", "status"],
            pending.map((m) => [m.name, m.status]),
          ),
        );
        throw new CliError(
          `[kindling] Migration ${migration.name} failed on D1 database ${target.label}: ${(error as Error).message}\n` +
            `It was rolled back; the migrations before it stay applied. ` +
            `Fix ${path.relative(target.root, file)} and run "kindling d1 migrations apply ${database}" again.`,
          { cause: error },
        );
      }
    }
    console.log(
      formatTable(
        ["name", "status"],
        pending.map((m) => [m.name, m.status]),
      ),
    );
  });
}
