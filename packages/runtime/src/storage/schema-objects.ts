/**
 * The views and triggers of a database, as the SQL a statement runs besides its own text: SQLite
 * authorizes a view's query and a trigger's body when a statement using them is prepared, not when
 * they are created (workerd refuses a view reading a `_cf_` table at its first use).
 */
import type { Database, Statement } from "./database.js";
import { splitSqlStatements, tokenize } from "./sql-scanner.js";

export interface SchemaObject {
  type: "view" | "trigger";
  /** Lower-cased, as SQLite compares names. */
  name: string;
  /** The trigger's table (the view's own name for a view), lower-cased. */
  table: string;
  sql: string;
}

interface Listed {
  version: Statement<[], unknown>;
  list: Statement<[], SchemaObject>;
  /** The schema version `objects` were read at. */
  at: unknown;
  objects: SchemaObject[];
}

/** Per database: asked before every statement, read again only when its schema changed. */
const listed = new WeakMap<Database, Listed>();

/** The views and triggers of `db`'s main schema. */
export function schemaObjects(db: Database): SchemaObject[] {
  let entry = listed.get(db);
  if (!entry) {
    entry = {
      version: db.prepare<[], unknown>("PRAGMA schema_version").pluck(),
      list: db.prepare<[], SchemaObject>(
        "SELECT type, name, tbl_name AS 'table', sql FROM sqlite_master WHERE type IN ('view', 'trigger')",
      ),
      at: undefined,
      objects: [],
    };
    listed.set(db, entry);
  }
  const version = entry.version.get();
  if (version !== entry.at) {
    entry.objects = entry.list.all().map((row) => ({ ...row, name: row.name.toLowerCase(), table: row.table.toLowerCase() }));
    entry.at = version;
  }
  return entry.objects;
}

/** The statements a view or trigger runs: a view's query, or each statement of a trigger's body. */
export function bodyStatements(object: SchemaObject): string[] {
  const tokens = [...tokenize(object.sql)];
  const words = tokens.map((token) => token.text.toLowerCase());
  if (object.type === "view") {
    const as = words.indexOf("as");
    return as === -1 ? [] : [object.sql.slice(tokens[as]!.end)];
  }
  const begin = words.indexOf("begin");
  const end = words.lastIndexOf("end");
  if (begin === -1 || end <= begin) return [];
  return splitSqlStatements(object.sql.slice(tokens[begin]!.end, tokens[end]!.start)).map((statement) => statement.text);
}

/** The statement kind that fires a trigger: `insert`, `update` or `delete`. */
export function triggerEvent(object: SchemaObject): string | undefined {
  for (const token of tokenize(object.sql)) {
    const word = token.text.toLowerCase();
    if (word === "insert" || word === "update" || word === "delete") return word;
    if (word === "on") return undefined;
  }
  return undefined;
}
