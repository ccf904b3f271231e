/** `kindling secrets-store secret create|list|delete`: the local secrets that `secrets_store_secrets` bindings read. */
import { secretsStoreFile, SecretsStoreStorage } from "@kindling/runtime/secrets-store";
import { defaultPersistDir, resolvePersistDir } from "../../persist-dir.js";
import { CliError } from "../cli-error.js";
import { formatTable } from "../print-table.js";

export interface SecretArgs {
  persistTo?: string;
  name?: string;
  value?: string;
}

export async function secretsStoreSecret(action: string | undefined, storeId: string | undefined, args: SecretArgs) {
  if (!storeId) throw new CliError('[kindling] Missing <store-id>: pass the "store_id" of a "secrets_store_secrets" entry.');
  const persist = resolvePersistDir(process.cwd(), args.persistTo ?? defaultPersistDir) as string;
  const store = new SecretsStoreStorage(secretsStoreFile(persist, storeId));
  try {
    if (action === "create" || action === "update") {
      const name = requireName(args.name, action);
      store.put(name, args.value ?? (await readStdin(name)), Date.now());
      console.log(`Secret "${name}" ${action === "create" ? "created" : "updated"} in local store "${storeId}".`);
    } else if (action === "delete") {
      const name = requireName(args.name, action);
      if (!store.delete(name)) throw new CliError(`[kindling] Secret "${name}" not found in local store "${storeId}".`);
      console.log(`Secret "${name}" deleted from local store "${storeId}".`);
    } else if (action === "list") {
      const rows = store.list().map((s) => [s.name, new Date(s.modified).toISOString()]);
      if (rows.length === 0) console.log(`Local store "${storeId}" has no secrets.`);
      else console.log(formatTable(["name", "modified"], rows));
    } else {
      throw new CliError(
        `[kindling] Unknown command "kindling secrets-store secret ${action ?? ""}": use create, update, delete or list.`,
      );
    }
  } finally {
    store.close();
  }
}

function requireName(name: string | undefined, action: string): string {
  if (!name) throw new CliError(`[kindling] "secrets-store secret ${action}" needs --name <secret_name>.`);
  return name;
}

async function readStdin(name: string): Promise<string> {
  if (process.stdin.isTTY) {
    throw new CliError(
      `[kindling] Give the value of "${name}" with --value, or pipe it in: echo -n "..." | kindling secrets-store secret create ...`,
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
