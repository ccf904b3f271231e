import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "../resolve-worker-config.js";

let root: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-config-"));
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "src/index.ts"), "export default {};\n");
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function resolveWith(d1_databases: unknown) {
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ name: "w", main: "src/index.ts", d1_databases }));
  return resolveWorkerConfig({ root });
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("did not throw");
}

test("d1_databases become D1 descriptors with wrangler's defaults", () => {
  const config = resolveWith([
    { binding: "DB", database_name: "app", database_id: "id-1" },
    { binding: "OTHER", database_id: "id-2", migrations_dir: "db/migrations", migrations_table: "schema_history" },
  ]);
  expect(config.bindings).toEqual([
    {
      type: "d1",
      name: "DB",
      databaseName: "app",
      databaseId: "id-1",
      migrationsDir: "migrations",
      migrationsTable: "d1_migrations",
    },
    {
      type: "d1",
      name: "OTHER",
      databaseName: undefined,
      databaseId: "id-2",
      migrationsDir: "db/migrations",
      migrationsTable: "schema_history",
    },
  ]);
  expect(config.warnings).toEqual([]);
});

test("a bad d1_databases entry names the key, what was expected and what was found", () => {
  expect(errorOf(() => resolveWith([{ database_name: "app" }]))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "d1_databases[0].binding" is required (expected a string)."`,
  );
  expect(errorOf(() => resolveWith([{ binding: "DB" }]))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "d1_databases[0].database_name" is needed when "database_id" is missing (the local database file is named after one of them), got nothing."`,
  );
  expect(
    errorOf(() => resolveWith([{ binding: "DB", database_id: "x", migrations_table: "drop table; --" }])),
  ).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "d1_databases[0].migrations_table" must be a plain SQL table name (letters, digits and _), got "drop table; --"."`,
  );
  expect(errorOf(() => resolveWith({ binding: "DB" }))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "d1_databases" must be an array, got an object."`,
  );
});
