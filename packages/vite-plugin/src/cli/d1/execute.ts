/** `kindling d1 execute <database> --command "..." | --file x.sql [--json]`: SQL against the local database. */
import fs from "node:fs";
import path from "node:path";
import { splitSqlStatements } from "@kindling/runtime/d1";
import { CliError } from "../cli-error.js";
import { formatTable } from "../print-table.js";
import { resolveD1Target, type ConfigArgs } from "./resolve-d1-target.js";
import { withDatabase } from "./with-database.js";

export interface ExecuteArgs extends ConfigArgs {
  command?: string;
  file?: string;
  json?: boolean;
}

export async function execute(database: string | undefined, args: ExecuteArgs): Promise<void> {
  if ((args.command === undefined) === (args.file === undefined)) {
    throw new CliError('[kindling] Pass exactly one of --command "<SQL>" or --file <path.sql> to "kindling d1 execute".');
  }
  const target = resolveD1Target(database, args);
  const sql = args.command ?? readSqlFile(args.file!);
  const results = await withDatabase(target, async (db) => {
    if (!args.json)
      console.log(`🌀 Executing on local database ${target.label} from ${path.relative(target.root, target.file)}:`);
    const statements = splitSqlStatements(sql).map(({ text }) => db.prepare(text));
    try {
      return await db.batch(statements);
    } catch (error) {
      throw new CliError(`[kindling] ${(error as Error).message} (D1 database ${target.label}; nothing was applied).`, {
        cause: error,
      });
    }
  });
  if (args.json) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(`🚣 ${results.length} command${results.length === 1 ? "" : "s"} executed successfully.`);
  for (const result of results) {
    if (result.results.length === 0) continue;
    const columns = Object.keys(result.results[0]!);
    console.log(
      formatTable(
        columns,
        result.results.map((row) => columns.map((c) => row[c])),
      ),
    );
  }
}

function readSqlFile(file: string): string {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) {
    throw new CliError(`[kindling] The SQL file "${file}" (--file) was not found at ${full}. Fix the path.`);
  }
  return fs.readFileSync(full, "utf8");
}
