/** Secrets from `.dev.vars` (or `.env` files when there is no `.dev.vars`), as wrangler reads them. */
import fs from "node:fs";
import path from "node:path";
import { parse } from "dotenv";
import { KindlingConfigError } from "./errors.js";

/** Files that may hold local secrets, in the order wrangler considers them; all are watched. */
export function devVarsCandidates(dir: string, envName: string | undefined): string[] {
  const devVars = envName ? [`.dev.vars.${envName}`, ".dev.vars"] : [".dev.vars"];
  const dotEnv = [".env", ".env.local", ...(envName ? [`.env.${envName}`, `.env.${envName}.local`] : [])];
  return [...devVars, ...dotEnv].map((name) => path.join(dir, name));
}

export interface DevVars {
  values: Record<string, string>;
  /** The file each value came from. */
  files: Record<string, string>;
}

/**
 * `.dev.vars.<env>` wins over `.dev.vars`; only when neither exists are the `.env` files merged
 * (later files override earlier ones).
 */
export function readDevVars(dir: string, envName: string | undefined): DevVars {
  const candidates = devVarsCandidates(dir, envName);
  const devVars = candidates.filter((file) => path.basename(file).startsWith(".dev.vars"));
  const first = devVars.find((file) => fs.existsSync(file));
  const files = first ? [first] : candidates.filter((file) => !devVars.includes(file) && fs.existsSync(file));
  const result: DevVars = { values: {}, files: {} };
  for (const file of files) {
    for (const [key, value] of Object.entries(parse(readSecretsFile(file)))) {
      result.values[key] = value;
      result.files[key] = file;
    }
  }
  return result;
}

function readSecretsFile(file: string): Buffer {
  const name = path.basename(file);
  try {
    if (fs.statSync(file).isDirectory()) {
      throw new KindlingConfigError(
        `[kindling] ${name}: ${file} is a directory, but local secrets are read from a file of KEY=value lines. ` +
          `Remove or rename the directory.`,
      );
    }
    return fs.readFileSync(file);
  } catch (error) {
    if (error instanceof KindlingConfigError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new KindlingConfigError(
      `[kindling] ${name}: ${file} could not be read (${reason}). Make it a readable file of KEY=value lines, or remove it.`,
      { cause: error },
    );
  }
}
