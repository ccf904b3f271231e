/** Where a binding instance keeps its state under the persist directory: the one rule for every kind. */
import { createHash } from "node:crypto";
import path from "node:path";

/** Names that are plain file names are used as they are (KV ids, bucket names). */
export const safeNamePattern = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/;

export interface StatePaths {
  /** SQLite file. */
  database: string;
  /** Blob directory. */
  blobs: string;
}

/**
 * `<persist>/<kind>/<name>.sqlite` and `<persist>/<kind>/<name>.blobs/`. A name that is not a
 * plain file name is hashed, so no configured name can point outside the state directory.
 */
export function statePaths(persist: string, kind: string, name: string): StatePaths {
  const safe = safeNamePattern.test(name) ? name : createHash("sha256").update(name).digest("hex").slice(0, 32);
  const dir = path.join(persist, kind);
  return { database: path.join(dir, `${safe}.sqlite`), blobs: path.join(dir, `${safe}.blobs`) };
}

/**
 * The own state (Durable Objects and their alarms) of an auxiliary worker: `<persist>/workers/<name>`
 * (the main worker's is `persist` itself). Bindings named by account-wide ids (KV, R2, D1, ...)
 * are shared by every worker of the dev server, as in production.
 */
export function workerStateDir(persist: string, worker: string): string {
  const safe = safeNamePattern.test(worker) ? worker : createHash("sha256").update(worker).digest("hex").slice(0, 32);
  return path.join(persist, "workers", safe);
}
