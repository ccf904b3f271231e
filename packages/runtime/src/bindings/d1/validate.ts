/**
 * D1's value mapping and error wording, as workerd's D1 binding (src/cloudflare/internal/d1-api.ts)
 * and D1 itself produce them.
 */
import { sqliteErrorText } from "../../storage/sqlite-error.js";

/** A value as D1 carries it: byte arrays stand for BLOBs. */
export type D1Value = number | string | null | number[];

/**
 * `stmt.bind(...)`'s conversion: numbers and strings as they are, booleans as 1/0, ArrayBuffer and
 * views as byte arrays; anything else (undefined, bigint, plain objects...) is rejected at bind time.
 */
export function toD1Value(value: unknown): D1Value {
  const type = typeof value;
  if (type === "number" || type === "string") return value as number | string;
  if (type === "boolean") return value ? 1 : 0;
  if (type === "object") {
    if (value === null) return null;
    if (Array.isArray(value) && value.every((byte) => typeof byte === "number" && byte >= 0 && byte < 256)) {
      return value as number[];
    }
    if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value));
    // Like D1, a view is read element by element (a Uint16Array's elements, not its bytes).
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  }
  const message = `Type '${type}' not supported for value '${String(value)}'`;
  throw new Error(`D1_TYPE_ERROR: ${message}`, { cause: new Error(message) });
}

/** `D1_ERROR: <message>`, with the bare message as `cause`, as D1 rejects a failed query. */
export function d1Error(message: string): Error {
  return new Error(`D1_ERROR: ${message}`, { cause: new Error(message) });
}

export const wrongParameterCount = "Wrong number of parameter bindings for SQL query.";

export const parametersNotLast =
  "When executing multiple SQL statements in a single call, only the last statement can have parameters.";

export const noStatements = "No SQL statements detected.";

/** What D1 says to `BEGIN`/`SAVEPOINT`/...: transactions go through `batch()`. */
export const transactionStatement =
  "To execute a transaction, please use the state.storage.transaction() or state.storage.transactionSync() APIs " +
  "instead of the SQL BEGIN TRANSACTION or SAVEPOINT statements. The JavaScript API is safer because it will " +
  "automatically roll back on exceptions, and because it interacts correctly with Durable Objects' automatic atomic " +
  "write coalescing.";

const transactionKeywords = new Set(["BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"]);

export function isTransactionKeyword(keyword: string): boolean {
  return transactionKeywords.has(keyword);
}

/**
 * D1's text for an SQLite error: SQLite's message, then the result codes' names
 * (`UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_UNIQUE)`).
 */
export function sqliteErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const text = sqliteErrorText(error);
  if (text !== undefined) return text;
  // better-sqlite3 reports a wrong number of values as a RangeError before SQLite sees them.
  if (error instanceof RangeError && /parameter/i.test(error.message)) return wrongParameterCount;
  return error.message;
}
