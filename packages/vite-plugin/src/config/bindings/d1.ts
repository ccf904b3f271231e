/** `d1_databases` -> D1 binding descriptors. */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

export const defaultMigrationsDir = "migrations";
export const defaultMigrationsTable = "d1_migrations";

export const d1DatabaseSchema = z
  .looseObject({
    binding: z.string().min(1),
    database_name: z.string().min(1).optional(),
    database_id: z.string().min(1).optional(),
    preview_database_id: z.string().optional(),
    migrations_dir: z.string().min(1).optional(),
    migrations_table: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain SQL table name (letters, digits and _)")
      .optional(),
  })
  .refine((entry) => entry.database_name !== undefined || entry.database_id !== undefined, {
    path: ["database_name"],
    message: 'is needed when "database_id" is missing (the local database file is named after one of them)',
  });

export const d1Config = defineConfigUnit({
  shape: { d1_databases: z.array(d1DatabaseSchema).optional() },
  read: (config) =>
    (config.d1_databases ?? []).map((entry) => ({
      type: "d1",
      name: entry.binding,
      databaseName: entry.database_name,
      databaseId: entry.database_id,
      migrationsDir: entry.migrations_dir ?? defaultMigrationsDir,
      migrationsTable: entry.migrations_table ?? defaultMigrationsTable,
    })),
});
