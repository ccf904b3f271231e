/** `kindling d1 migrations create <database> <message>`: the next numbered, empty migration file. */
import fs from "node:fs";
import path from "node:path";
import { CliError } from "../cli-error.js";
import { migrationNumber } from "./migration-files.js";
import { resolveD1Target, type ConfigArgs } from "./resolve-d1-target.js";

export function migrationsCreate(database: string | undefined, message: string | undefined, args: ConfigArgs): void {
  const target = resolveD1Target(database, args);
  if (!message?.trim()) {
    throw new CliError(
      `[kindling] Missing <message>: "kindling d1 migrations create ${database} <message>", e.g. "create users".`,
    );
  }
  if (/[/\\]/.test(message)) {
    throw new CliError(
      `[kindling] The migration message "${message}" contains a path separator; use words, e.g. "create users".`,
    );
  }
  const dir = target.migrationsDir;
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    console.log(`Created the migrations folder ${path.relative(target.root, dir)}.`);
  }
  const numbers = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .map(migrationNumber)
    .filter((n) => n !== Number.MAX_SAFE_INTEGER);
  const number = String(numbers.length ? Math.max(...numbers) + 1 : 0).padStart(4, "0");
  const name = `${number}_${message.trim().replaceAll(" ", "_")}.sql`;
  const file = path.join(dir, name);
  fs.writeFileSync(file, `-- Migration number: ${number} \t ${new Date().toISOString()}\n`, { flag: "wx" });
  console.log(`✅ Successfully created Migration '${name}'!`);
  console.log(`The migration is available for editing here:\n${file}`);
}
