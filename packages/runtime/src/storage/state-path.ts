/** Where a binding instance keeps its state under the persist directory. */
import assert from "node:assert";
import path from "node:path";

/** Names that come from config (KV ids, bucket names) must be plain file names. */
export const safeNamePattern = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

export interface StatePaths {
  /** SQLite file, or false for an in-memory database. */
  database: string | false;
  /** Blob directory, or false for in-memory blobs. */
  blobs: string | false;
}

/** `<persist>/<kind>/<name>.sqlite` and `<persist>/<kind>/<name>.blobs/`. */
export function statePaths(persist: string | false, kind: string, name: string): StatePaths {
  assert(safeNamePattern.test(name), `unsafe state name ${JSON.stringify(name)}`);
  if (persist === false) return { database: false, blobs: false };
  const dir = path.join(persist, kind);
  return { database: path.join(dir, `${name}.sqlite`), blobs: path.join(dir, `${name}.blobs`) };
}
