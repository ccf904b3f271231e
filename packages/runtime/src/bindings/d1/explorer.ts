/**
 * D1 in the local explorer: tables with their rows, the migrations applied and pending, and an
 * SQL console whose results and errors are D1's own (it runs through `D1Database.batch`).
 */
import fs from "node:fs";
import path from "node:path";
import { splitSqlStatements } from "../../storage/sql-scanner.js";
import { ExplorerInputError, intParam, requireParam, type ExplorerViewFactory } from "../explorer-view.js";
import type { D1Database } from "./d1-database.js";
import { d1DatabaseFile } from "./database-file.js";
import { openD1Database, type D1Descriptor } from "./index.js";

export const createD1Explorer: ExplorerViewFactory<"d1"> = (context) => {
  const opened = new Map<string, D1Database>();
  const open = (binding: D1Descriptor) => {
    const file = d1DatabaseFile(context.persist, binding);
    let database = opened.get(file);
    if (!database) {
      database = openD1Database(file, binding.name).database;
      opened.set(file, database);
    }
    return database;
  };
  return {
    reads: {
      tables: async (binding) => {
        const database = open(binding);
        const names = await tableNames(database);
        const tables = [];
        for (const name of names) {
          const count = await database.prepare(`SELECT count(*) AS count FROM ${quote(name)}`).first<number>("count");
          tables.push({ name, rows: count });
        }
        return { tables, migrations: await migrations(database, binding, context.root) };
      },
      rows: async (binding, input) => {
        const database = open(binding);
        const table = requireParam(input, "table");
        if (!(await tableNames(database)).includes(table)) {
          throw new ExplorerInputError(`[kindling] There is no table ${JSON.stringify(table)} in D1 database ${binding.name}.`);
        }
        const limit = intParam(input, "limit", 50, 1, 1000);
        const offset = intParam(input, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
        const [columns, ...rows] = await database
          .prepare(`SELECT * FROM ${quote(table)} LIMIT ? OFFSET ?`)
          .bind(limit, offset)
          .raw({ columnNames: true });
        return { table, columns, rows, offset, limit };
      },
    },
    writes: {
      /** Every statement of `sql` in one batch: all apply, or none does and D1's error is shown. */
      query: async (binding, input) => {
        const { sql } = await input.json();
        if (typeof sql !== "string") throw new ExplorerInputError('[kindling] An SQL query needs "sql" as a string.');
        const database = open(binding);
        const statements = splitSqlStatements(sql).map(({ text }) => database.prepare(text));
        if (statements.length === 0) return { ok: false, error: "D1_ERROR: No SQL statements detected." };
        try {
          const results = await database.batch(statements);
          return {
            ok: true,
            results: results.map((result) => ({
              columns: result.results.length > 0 ? Object.keys(result.results[0]!) : [],
              rows: result.results.map((row) => Object.values(row)),
              meta: result.meta,
            })),
          };
        } catch (error) {
          return { ok: false, error: (error as Error).message };
        }
      },
    },
  };
};

async function tableNames(database: D1Database): Promise<string[]> {
  const rows = await database
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY name",
    )
    .raw<[string]>();
  return rows.map(([name]) => name);
}

/** wrangler's migrations table (`d1_migrations` unless `migrations_table`), and the files not applied yet. */
async function migrations(database: D1Database, binding: D1Descriptor, root: string) {
  const table = binding.migrationsTable;
  const applied = (await tableNames(database)).includes(table)
    ? await database
        .prepare(`SELECT name, applied_at FROM ${quote(table)} ORDER BY id`)
        .all<{ name: string; applied_at: string }>()
    : { results: [] };
  const dir = path.resolve(root, binding.migrationsDir);
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((name) => name.endsWith(".sql"))
        .toSorted()
    : [];
  const done = new Set(applied.results.map((row) => row.name));
  return { table, dir: binding.migrationsDir, applied: applied.results, pending: files.filter((name) => !done.has(name)) };
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
