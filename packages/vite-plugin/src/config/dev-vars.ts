/** Secrets from `.dev.vars` (or `.env` files when there is no `.dev.vars`), as wrangler reads them. */
import fs from "node:fs";
import path from "node:path";
import { parse } from "dotenv";

/** Files that may hold local secrets, in the order wrangler considers them; all are watched. */
export function devVarsCandidates(dir: string, envName: string | undefined): string[] {
  const devVars = envName ? [`.dev.vars.${envName}`, ".dev.vars"] : [".dev.vars"];
  const dotEnv = [".env", ".env.local", ...(envName ? [`.env.${envName}`, `.env.${envName}.local`] : [])];
  return [...devVars, ...dotEnv].map((name) => path.join(dir, name));
}

/**
 * `.dev.vars.<env>` wins over `.dev.vars`; only when neither exists are the `.env` files merged
 * (later files override earlier ones).
 */
export function readDevVars(dir: string, envName: string | undefined): Record<string, string> {
  const candidates = devVarsCandidates(dir, envName);
  const devVars = candidates.filter((file) => path.basename(file).startsWith(".dev.vars"));
  const first = devVars.find((file) => fs.existsSync(file));
  if (first) return parse(fs.readFileSync(first));
  const merged: Record<string, string> = {};
  for (const file of candidates.filter((f) => !devVars.includes(f))) {
    if (fs.existsSync(file)) Object.assign(merged, parse(fs.readFileSync(file)));
  }
  return merged;
}
