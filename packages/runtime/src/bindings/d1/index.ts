/** The D1 binding: `D1Database` over one SQLite database per D1 database. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { openDatabase } from "../../storage/database.js";
import { D1Database } from "./d1-database.js";
import { d1DatabaseFile } from "./database-file.js";
import { SqlExecutor } from "./sql-executor.js";
import type { TraceSpec } from "../traced-binding.js";
import type { D1PreparedStatement } from "./prepared-statement.js";

export { D1Database, D1DatabaseSession, D1DatabaseSessionAlwaysPrimary, type D1ExecResult } from "./d1-database.js";
export { D1PreparedStatement, type D1Result } from "./prepared-statement.js";
export { d1DatabaseFile, type D1DatabaseIdentity } from "./database-file.js";
export { splitSqlStatements, type SqlStatement } from "../../storage/sql-scanner.js";
export type { D1Meta } from "./sql-executor.js";

/** What the host resolves from a `d1_databases` entry. */
export type D1Descriptor = BindingDescriptor<"d1">;

/** The `env` object of a D1 binding; its SQLite file is opened on first use. */
export function createD1Binding(descriptor: D1Descriptor, { persist }: Pick<BindingContext, "persist">): D1Database {
  return openD1Database(d1DatabaseFile(persist, descriptor), descriptor.name).database;
}

/** A D1 database outside a generation too (the CLI), with a way to close it. */
export function openD1Database(file: string, label = "D1"): { database: D1Database; close(): void } {
  const executor = new SqlExecutor(() => {
    try {
      return openDatabase(file);
    } catch (error) {
      throw new Error(
        `[kindling] Could not open the D1 database "${label}" at ${file}: ${(error as Error).message}. ` +
          `Check that the state directory (option "persist" of kindling(), or --persist-to) is writable.`,
        { cause: error },
      );
    }
  });
  return { database: new D1Database(executor), close: () => executor.close() };
}

/** D1 calls shown in request traces: each statement's run with its SQL. */
export const d1Trace: TraceSpec = {
  prepare: { returns: () => statementTrace },
  batch: { detail: batchSql },
  exec: { detail: (args) => String(args[0]) },
  withSession: { returns: () => sessionTrace },
};

const statementSql = (_args: unknown[], statement: object) => (statement as D1PreparedStatement).statement;
const rowCount = (value: unknown) => {
  const rows = Array.isArray(value) ? value : (value as { results?: unknown } | null)?.results;
  return Array.isArray(rows) ? `${rows.length} rows` : undefined;
};

const statementTrace: TraceSpec = {
  bind: { returns: () => statementTrace },
  first: { detail: statementSql },
  all: { detail: statementSql, result: rowCount },
  run: { detail: statementSql },
  raw: { detail: statementSql, result: rowCount },
};

const sessionTrace: TraceSpec = {
  prepare: { returns: () => statementTrace },
  batch: { detail: batchSql },
};

function batchSql(args: unknown[]): string {
  return (args[0] as D1PreparedStatement[]).map((statement) => statement.statement).join(";\n");
}
