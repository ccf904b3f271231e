/** Opens a CLI target's database, runs `fn`, and always closes it. */
import { openD1Database, type D1Database } from "@kindling/runtime/d1";
import type { D1Target } from "./resolve-d1-target.js";

export async function withDatabase<T>(target: D1Target, fn: (database: D1Database) => Promise<T>): Promise<T> {
  const { database, close } = openD1Database(target.file);
  try {
    return await fn(database);
  } finally {
    close();
  }
}
