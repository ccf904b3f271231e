/**
 * What workerd's SQLite authorizer refuses in user SQL (D1 and `ctx.storage.sql`), checked on each
 * statement before it is prepared: better-sqlite3 has no `sqlite3_set_authorizer`. The rules and
 * wording were read off workerd 1.20261012 (each PRAGMA, function and statement kind run on the
 * official plugin): only the PRAGMAs below, no ATTACH/DETACH, no TEMP objects, no `_cf_*` tables,
 * no functions that reveal the SQLite build or load extensions.
 */
import { tokenize, type Token } from "./sql-scanner.js";

/** PRAGMAs workerd lets through, with or without a value or argument. */
const allowedPragmas = new Set([
  "case_sensitive_like",
  "data_version",
  "defer_foreign_keys",
  "foreign_key_check",
  "foreign_key_list",
  "foreign_keys",
  "ignore_check_constraints",
  "index_info",
  "index_list",
  "index_xinfo",
  "legacy_alter_table",
  "optimize",
  "page_size",
  "quick_check",
  "recursive_triggers",
  "reverse_unordered_selects",
  "table_info",
  "table_list",
  "table_xinfo",
]);

/** Functions refused by name ("not authorized to use function: <name> at offset <n>"). */
const refusedFunctions = new Set([
  "sqlite_version",
  "sqlite_source_id",
  "sqlite_compileoption_used",
  "sqlite_compileoption_get",
  "fts5",
]);

/** An SQLite error as the driver reports one: message plus the result code's name. */
export class SqliteRefusal extends Error {
  readonly code: "SQLITE_AUTH" | "SQLITE_ERROR";

  constructor(message: string, code: "SQLITE_AUTH" | "SQLITE_ERROR") {
    super(message);
    this.name = "SqliteError";
    this.code = code;
  }
}

export interface AuthorizerContext {
  /** The columns of a table of the database (empty when there is no such table). */
  columnsOf(table: string): string[];
}

/** Throws the refusal workerd gives `statement` (one statement's text), if it gives one. */
export function assertAuthorized(statement: string, context: AuthorizerContext): void {
  const tokens = [...tokenize(statement)];
  const words = tokens.map((token) => (token.kind === "word" ? token.text.toLowerCase() : token.text));
  const notAuthorized = () => new SqliteRefusal("not authorized", "SQLITE_AUTH");
  if (words[0] === "pragma") {
    if (!isAllowedPragma(words)) throw notAuthorized();
    return;
  }
  if (words[0] === "attach" || words[0] === "detach") throw notAuthorized();
  if (words[0] === "create" && (words[1] === "temp" || words[1] === "temporary")) throw notAuthorized();
  if (words[0] === "create" && createdName(tokens)?.toLowerCase().startsWith("_cf_")) throw notAuthorized();
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== "word" || tokens[index + 1]?.text !== "(") continue;
    if (words[index - 1] === "using") continue; // `CREATE VIRTUAL TABLE t USING fts5(...)`: a module, not a call
    const name = token.text.toLowerCase();
    if (refusedFunctions.has(name)) {
      throw new SqliteRefusal(`not authorized to use function: ${name} at offset ${token.start}`, "SQLITE_ERROR");
    }
    if (name === "load_extension") throw new SqliteRefusal("not authorized", "SQLITE_ERROR");
  }
  for (const token of tokens) {
    const name = unquote(token);
    if (!name?.toLowerCase().startsWith("_cf_")) continue;
    const columns = context.columnsOf(name);
    if (columns.length === 0) continue;
    // SQLite asks about the first column the statement reads.
    const read = words.find((word) => columns.some((c) => c.toLowerCase() === word));
    const column = columns.find((c) => c.toLowerCase() === read) ?? columns[0];
    throw new SqliteRefusal(`access to ${name}.${column} is prohibited`, "SQLITE_AUTH");
  }
}

/** `PRAGMA [main.]name [= value | (argument)]` with an allowed name. */
function isAllowedPragma(words: string[]): boolean {
  let at = 1;
  if (words[at + 1] === ".") {
    if (words[at] !== "main") return false;
    at += 2;
  }
  return allowedPragmas.has(words[at] ?? "");
}

/** The name after `CREATE [UNIQUE|VIRTUAL] TABLE|INDEX|VIEW|TRIGGER [IF NOT EXISTS] [main.]`. */
function createdName(tokens: Token[]): string | undefined {
  let at = 1;
  const lower = (i: number) => tokens[i]?.text.toLowerCase();
  while (["unique", "virtual", "table", "index", "view", "trigger"].includes(lower(at) ?? "")) at++;
  if (lower(at) === "if" && lower(at + 1) === "not" && lower(at + 2) === "exists") at += 3;
  if (tokens[at + 1]?.text === ".") at += 2;
  return tokens[at] ? unquote(tokens[at]) : undefined;
}

/** A word or quoted identifier's name; undefined for other tokens. */
function unquote(token: Token): string | undefined {
  if (token.kind === "word") return token.text;
  const quote = token.text[0];
  if (quote === '"' || quote === "`") return token.text.slice(1, -1).replaceAll(quote + quote, quote);
  if (quote === "[") return token.text.slice(1, -1);
  return undefined;
}
