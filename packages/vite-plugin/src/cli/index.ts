#!/usr/bin/env node
/** The `kindling` command: D1 migrations and SQL, and Secrets Store secrets, on the local state `vite dev` uses. */
import { parseArgs } from "node:util";
import { KindlingConfigError } from "../config/index.js";
import { CliError } from "./cli-error.js";
import { execute } from "./d1/execute.js";
import { migrationsApply } from "./d1/migrations-apply.js";
import { migrationsCreate } from "./d1/migrations-create.js";
import { migrationsList } from "./d1/migrations-list.js";
import { secretsStoreSecret } from "./secrets-store/secrets.js";
import { typesCommand } from "./types/types-command.js";

const usage = `Usage:
  kindling d1 migrations apply <database>             Apply the unapplied migrations to the local database
  kindling d1 migrations list <database>              List the unapplied migrations
  kindling d1 migrations create <database> <message>  Create the next migration file
  kindling d1 execute <database> --command "<SQL>"    Run SQL (or --file <path.sql>) on the local database
  kindling secrets-store secret create <store-id> --name <NAME> [--value <V>]
                                                      Store a secret locally (value from --value or stdin)
  kindling secrets-store secret update|delete <store-id> --name <NAME>
  kindling secrets-store secret list <store-id>
  kindling types [<path>]                             Write the worker's Env interface (default: worker-configuration.d.ts)

<store-id> is the "store_id" of a "secrets_store_secrets" entry.
<database> is a "binding" or a "database_name" of "d1_databases" in your wrangler config.

Options:
  --config <path>     wrangler config file (default: wrangler.jsonc, wrangler.json or wrangler.toml here)
  --env <name>        use the "env.<name>" section (default: $CLOUDFLARE_ENV)
  --persist-to <dir>  state directory; must match kindling({ persist }) (default: .kindling/state)
  --json              execute: print the results as JSON
  --local, -y/--yes   accepted for wrangler compatibility (Kindling is always local and never prompts)
  -h, --help          show this help`;

const options = {
  config: { type: "string", short: "c" },
  env: { type: "string", short: "e" },
  "persist-to": { type: "string" },
  command: { type: "string" },
  file: { type: "string" },
  json: { type: "boolean" },
  name: { type: "string" },
  value: { type: "string" },
  local: { type: "boolean" },
  remote: { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
} as const;

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    const what = unknown ? `Unknown option "${unknown[1]}".` : (error as Error).message.replace(/([^.])$/, "$1.");
    throw new CliError(`[kindling] ${what} Run "kindling --help" for the usage.`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    console.log(usage);
    return;
  }
  if (values.remote) {
    throw new CliError(
      "[kindling] --remote is not supported: Kindling works on the local databases only. Use wrangler for remote ones.",
    );
  }
  const args = { config: values.config, env: values.env, persistTo: values["persist-to"] };
  const [group, command, ...rest] = positionals;
  if (group === "d1" && command === "execute") {
    return execute(rest[0], { ...args, command: values.command, file: values.file, json: values.json });
  }
  if (group === "d1" && command === "migrations") {
    const [action, database, message] = rest;
    if (action === "apply") return migrationsApply(database, args);
    if (action === "list") return migrationsList(database, args);
    if (action === "create") return migrationsCreate(database, message, args);
  }
  if (group === "types") return typesCommand(command, args);
  if (group === "secrets-store" && command === "secret") {
    return secretsStoreSecret(rest[0], rest[1], { persistTo: values["persist-to"], name: values.name, value: values.value });
  }
  throw new CliError(`[kindling] Unknown command "kindling ${positionals.join(" ")}".\n\n${usage}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof CliError || error instanceof KindlingConfigError;
  console.error(known ? (error as Error).message : error);
  process.exitCode = 1;
});
