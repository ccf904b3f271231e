/**
 * An SQLite error as workerd words it for user SQL (D1 and `ctx.storage.sql`): SQLite's message,
 * the primary result code's name, and the extended code's when there is one
 * (`NOT NULL constraint failed: t.a: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)`).
 * better-sqlite3 reports the extended code's name as `code`. (workerd also appends
 * `at offset <n>` where SQLite knows it; better-sqlite3 does not expose sqlite3_error_offset.)
 */
export function sqliteErrorText(error: Error & { code?: unknown }): string | undefined {
  const code = error.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  const primary = code.split("_").slice(0, 2).join("_");
  return primary === code ? `${error.message}: ${primary}` : `${error.message}: ${primary} (extended: ${code})`;
}
