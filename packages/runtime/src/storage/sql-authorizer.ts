/**
 * What workerd's SQLite authorizer refuses in user SQL (D1 and `ctx.storage.sql`), checked on each
 * statement before it is prepared: better-sqlite3 has no `sqlite3_set_authorizer`. The rules and
 * wording were read off workerd 1.20261012 (each PRAGMA, function and statement kind run on the
 * official plugin): only the PRAGMAs below, no ATTACH/DETACH, no TEMP objects, no `_cf_*` tables,
 * no functions that reveal the SQLite build or load extensions.
 */
import type { Database } from "./database.js";
import { tokenize, type Token } from "./sql-scanner.js";
import { bodyStatements, schemaObjects, triggerEvent, type SchemaObject } from "./schema-objects.js";
import { tableColumns } from "./table-columns.js";

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
  /** The database's views and triggers. */
  schemaObjects(): SchemaObject[];
}

/** What the authorizer reads of `db`'s schema. */
export function databaseContext(db: Database): AuthorizerContext {
  return { columnsOf: (table) => tableColumns(db, table), schemaObjects: () => schemaObjects(db) };
}

const notAuthorized = () => new SqliteRefusal("not authorized", "SQLITE_AUTH");

/** A statement's words as the authorizer compares them: keywords and names lower-cased. */
const wordsOf = (tokens: Token[]): string[] =>
  tokens.map((token) => (token.kind === "word" ? token.text.toLowerCase() : token.text));

/** Throws the refusal workerd gives `statement` (one statement's text), if it gives one. */
export function assertAuthorized(statement: string, context: AuthorizerContext): void {
  const tokens = [...tokenize(statement)];
  const words = wordsOf(tokens);
  if (words[0] === "pragma") {
    if (!isAllowedPragma(words, tokens)) throw notAuthorized();
    return;
  }
  if (words[0] === "attach" || words[0] === "detach") throw notAuthorized();
  if (words[0] === "create" && (words[1] === "temp" || words[1] === "temporary")) throw notAuthorized();
  if (words[0] === "create" && createdName(tokens)?.toLowerCase().startsWith("_cf_")) throw notAuthorized();
  const target = targetTable(tokens, words);
  // A view's query and a trigger's body are authorized where they are used, not at CREATE.
  if (words[0] === "create" && (words[1] === "view" || words[1] === "trigger")) {
    if (target !== undefined && isReserved(target) && context.columnsOf(target).length > 0) throw notAuthorized();
    return;
  }
  assertOwnText(tokens, words, target, context);
  assertRunsAuthorized(tokens, words, target, context);
}

/** The refusals of a statement's own text. */
function assertOwnText(tokens: Token[], words: string[], target: string | undefined, context: AuthorizerContext): void {
  for (const [index, token] of tokens.entries()) {
    if (token.kind !== "word" || tokens[index + 1]?.text !== "(") continue;
    if (words[index - 1] === "using") continue; // `CREATE VIRTUAL TABLE t USING fts5(...)`: a module, not a call
    const name = token.text.toLowerCase();
    if (refusedFunctions.has(name)) {
      throw new SqliteRefusal(`not authorized to use function: ${name} at offset ${token.start}`, "SQLITE_ERROR");
    }
    if (name === "load_extension") throw new SqliteRefusal("not authorized", "SQLITE_ERROR");
  }
  // SQLite asks about the action on the statement's table before any column it reads.
  if (target !== undefined && isReserved(target) && context.columnsOf(target).length > 0) throw notAuthorized();
  for (const token of tokens) {
    const name = unquote(token);
    if (name === undefined || !isReserved(name)) continue;
    const columns = context.columnsOf(name);
    if (columns.length === 0) continue;
    // SQLite asks about the first column the statement reads, and about the table itself when it reads none.
    const read = words.find((word) => columns.some((c) => c.toLowerCase() === word));
    const column = columns.find((c) => c.toLowerCase() === read) ?? (selectsAll(tokens) ? columns[0] : undefined);
    if (column === undefined) throw notAuthorized();
    throw new SqliteRefusal(`access to ${reservedTables.get(name.toLowerCase()) ?? name}.${column} is prohibited`, "SQLITE_AUTH");
  }
}

const writeKinds: Record<string, string> = { insert: "insert", replace: "insert", update: "update", delete: "delete" };

/** The refusals of what the statement runs besides its text: the views it names, the triggers its write fires. */
function assertRunsAuthorized(
  tokens: Token[],
  words: string[],
  target: string | undefined,
  context: AuthorizerContext,
  depth = 0,
): void {
  if (words[0] === "drop" || words[0] === "alter" || depth > 8) return;
  const objects = context.schemaObjects();
  if (objects.length === 0) return;
  const names = new Set(tokens.map((token) => unquote(token)?.toLowerCase()));
  const event = writeKinds[words[0] ?? ""];
  const runs = objects.filter((object) =>
    object.type === "view" ? names.has(object.name) : object.table === target?.toLowerCase() && triggerEvent(object) === event,
  );
  for (const object of runs) {
    for (const statement of bodyStatements(object)) {
      const bodyTokens = [...tokenize(statement)];
      const bodyWords = wordsOf(bodyTokens);
      const bodyTarget = targetTable(bodyTokens, bodyWords);
      assertOwnText(bodyTokens, bodyWords, bodyTarget, context);
      assertRunsAuthorized(bodyTokens, bodyWords, bodyTarget, context, depth + 1);
    }
  }
}

/** Tables whose names start with `_cf_` (any case) belong to workerd. */
function isReserved(name: string): boolean {
  return name.toLowerCase().startsWith("_cf_");
}

/** workerd's own tables, by lower-cased name: SQLite's messages name a table as it was created. */
const reservedTables = new Map(["_cf_KV", "_cf_METADATA"].map((name) => [name.toLowerCase(), name]));

/**
 * The table an INSERT/REPLACE, UPDATE, DELETE, DROP TABLE, ALTER TABLE, CREATE INDEX or CREATE
 * TRIGGER acts on (undefined for other statements, and after a WITH clause).
 */
function targetTable(tokens: Token[], words: string[]): string | undefined {
  let at: number;
  const skip = (...expected: string[]) => {
    while (expected.includes(words[at] ?? "")) at++;
  };
  switch (words[0]) {
    case "insert":
    case "replace":
      at = words.indexOf("into") + 1;
      if (at === 0) return undefined;
      break;
    case "update":
      at = 1;
      if (words[at] === "or") at += 2;
      break;
    case "delete":
      at = 2;
      break;
    case "drop":
    case "alter":
      if (words[1] !== "table") return undefined;
      at = 2;
      if (words[at] === "if") at += 2;
      break;
    case "create":
      at = 1;
      skip("unique", "temp", "temporary");
      if (words[at] !== "index" && words[at] !== "trigger") return undefined;
      at = words.indexOf("on", at) + 1;
      if (at === 0) return undefined;
      break;
    default:
      return undefined;
  }
  if (words[at + 1] === ".") at += 2;
  return tokens[at] ? unquote(tokens[at]) : undefined;
}

/** A `*` that selects every column (not `count(*)`'s). */
function selectsAll(tokens: Token[]): boolean {
  return tokens.some((token, index) => token.text === "*" && tokens[index - 1]?.text !== "(");
}

/** `PRAGMA [main.]name [= value | (argument)]` with an allowed name, and no argument naming a `_cf_` table (but for `table_list`). */
function isAllowedPragma(words: string[], tokens: Token[]): boolean {
  let at = 1;
  if (words[at + 1] === ".") {
    if (words[at] !== "main") return false;
    at += 2;
  }
  const name = words[at] ?? "";
  if (!allowedPragmas.has(name)) return false;
  const argument = words[at + 1] === "(" || words[at + 1] === "=" ? tokens[at + 2] : undefined;
  const value = argument && (unquote(argument) ?? (argument.text.startsWith("'") ? argument.text.slice(1, -1) : undefined));
  return name === "table_list" || value === undefined || !isReserved(value);
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
