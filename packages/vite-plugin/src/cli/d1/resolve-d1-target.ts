/** `<BINDING|database_name>` + the CLI's options -> the local database `vite dev` uses, and its migrations. */
import path from "node:path";
import { d1DatabaseFile, type D1Descriptor } from "@kindling/runtime/d1";
import { resolveWorkerConfig } from "../../config/index.js";
import { defaultPersistDir, resolvePersistDir } from "../../persist-dir.js";
import { CliError } from "../cli-error.js";

export interface ConfigArgs {
  config?: string;
  env?: string;
  persistTo?: string;
}

export interface D1Target {
  descriptor: D1Descriptor;
  /** `DB (my-database)` for messages. */
  label: string;
  /** The SQLite file, absolute. */
  file: string;
  migrationsDir: string;
  migrationsTable: string;
  /** Name of the wrangler config file, for messages. */
  configName: string;
  root: string;
}

export function resolveD1Target(database: string | undefined, args: ConfigArgs, root = process.cwd()): D1Target {
  if (!database) throw new CliError('[kindling] Missing <database>: pass a "binding" or "database_name" from "d1_databases".');
  const config = resolveWorkerConfig({
    root,
    configPath: args.config,
    envName: args.env || process.env.CLOUDFLARE_ENV || undefined,
  });
  const configName = path.basename(config.configFile);
  const databases = config.bindings.filter((b): b is D1Descriptor => b.type === "d1");
  const descriptor = databases.find((d) => d.name === database) ?? databases.find((d) => d.databaseName === database);
  if (!descriptor) {
    const known = databases.map((d) => `"${d.name}"${d.databaseName ? ` ("${d.databaseName}")` : ""}`);
    throw new CliError(
      `[kindling] No D1 database "${database}" in ${configName}` +
        (known.length ? ` (it has ${known.join(", ")}). ` : ` (it has no "d1_databases"). `) +
        `Pass a "binding" or "database_name" from "d1_databases"${config.envName ? ` of env "${config.envName}"` : ""}.`,
    );
  }
  const persistDir = resolvePersistDir(root, args.persistTo ?? defaultPersistDir) as string;
  return {
    descriptor,
    label: descriptor.databaseName ? `${descriptor.name} (${descriptor.databaseName})` : descriptor.name,
    file: d1DatabaseFile(persistDir, descriptor) as string,
    migrationsDir: path.resolve(path.dirname(config.configFile), descriptor.migrationsDir),
    migrationsTable: descriptor.migrationsTable,
    configName,
    root,
  };
}
