import { Buffer } from "node:buffer";

/**
 * An SQLite error as workerd words it for user SQL (D1 and `ctx.storage.sql`): SQLite's message,
 * `at offset <n>` where SQLite knows where the error is, the primary result code's name, and the
 * extended code's when there is one
 * (`NOT NULL constraint failed: t.a: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_NOTNULL)`).
 * better-sqlite3 reports the extended code's name as `code`.
 */
export function sqliteErrorText(error: Error & { code?: unknown }): string | undefined {
  const code = error.code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return undefined;
  const primary = code.split("_").slice(0, 2).join("_");
  const offset = offsets.get(error);
  const message = offset === undefined ? error.message : `${error.message} at offset ${offset}`;
  return primary === code ? `${message}: ${primary}` : `${message}: ${primary} (extended: ${code})`;
}

const offsets = new WeakMap<Error, number>();
// The tokenizer's and the parser's errors, the ones sqlite3_error_offset() places at a token.
const tokenError = /^(?:near "([^]*)": syntax error|unrecognized token: "([^]*)")$/;
const identifierChar = /[\w$\u0080-\uffff]/;

/**
 * Prepares `text`; when SQLite refuses it at a token, records the token's byte offset for
 * {@link sqliteErrorText}, as workerd reads it from sqlite3_error_offset(), which better-sqlite3
 * does not expose. SQLite's parser stops at the first token it cannot shift, so the offending
 * occurrence of the quoted token is the first one whose prefix of `text` fails the same way (and
 * every later one's prefix fails so too).
 */
export function prepareLocatingErrors<T>(text: string, prepare: (text: string) => T): T {
  try {
    return prepare(text);
  } catch (error) {
    if (error instanceof Error) {
      const offset = tokenErrorOffset(text, error.message, prepare);
      if (offset !== undefined) offsets.set(error, offset);
    }
    throw error;
  }
}

function tokenErrorOffset(text: string, message: string, prepare: (text: string) => unknown): number | undefined {
  const match = tokenError.exec(message);
  const token = match?.[1] ?? match?.[2];
  if (!token) return undefined;
  const candidates: number[] = [];
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (isTokenBoundary(text, at, at + token.length)) candidates.push(at);
  }
  const failsHere = (at: number) => {
    try {
      prepare(text.slice(0, at + token.length));
      return false;
    } catch (error) {
      return error instanceof Error && error.message === message;
    }
  };
  // A prefix fails the same way exactly when it reaches the offending token: search, not scan
  // (a long script can hold thousands of commas).
  let [low, high] = [0, candidates.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (failsHere(candidates[middle]!)) high = middle;
    else low = middle + 1;
  }
  const at = candidates[low];
  return at === undefined ? undefined : Buffer.byteLength(text.slice(0, at));
}

/** Whether `text[start, end)` is not part of a longer word (SQLite's identifier characters). */
function isTokenBoundary(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  const first = text[start]!;
  const last = text[end - 1]!;
  if (before !== undefined && identifierChar.test(before) && identifierChar.test(first)) return false;
  return !(after !== undefined && identifierChar.test(after) && identifierChar.test(last));
}
