/**
 * Durable Objects in the local explorer: a class's objects (one SQLite file each), and for one
 * object its KV entries, its SQL tables and rows, its alarm and its open hibernatable WebSockets.
 * Read-only: live objects run in generation threads, which own their storage.
 */
import fs from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { openDatabase, type Database } from "../../storage/database.js";
import { statePaths } from "../../storage/state-path.js";
import { ExplorerInputError, intParam, requireParam, type ExplorerContext, type ExplorerViewFactory } from "../explorer-view.js";
import { AlarmStore } from "./alarm-store.js";
import type { DurableObjectDescriptor } from "./descriptor.js";
import { KvTable } from "./kv-table.js";

const idPattern = /^[0-9a-f]{64}$/;

export const createDurableObjectExplorer: ExplorerViewFactory<"durable_object_namespace"> = (context) => ({
  reads: {
    objects: (binding) => {
      const dir = path.join(context.persist, "do", binding.storageName);
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => idPattern.test(file.replace(/\.sqlite$/, ""))) : [];
      const objects = files
        .filter((file) => file.endsWith(".sqlite"))
        .map((file) => {
          const id = file.slice(0, -".sqlite".length);
          const stat = fs.statSync(path.join(dir, file));
          return { id, name: context.objectName?.(binding.storageName, id) ?? null, size: stat.size, modified: stat.mtimeMs };
        });
      return {
        className: binding.className,
        sqlite: binding.sqlite,
        objects: objects.toSorted((a, b) => b.modified - a.modified),
      };
    },
    object: (binding, input) =>
      withObject(context, binding, input.query, (db, id) => ({
        id,
        name: context.objectName?.(binding.storageName, id) ?? null,
        alarm: new AlarmStore(db).get(),
        entries: [...new KvTable(db).list({ limit: intParam(input, "limit", 200, 1, 10_000) })].map(([key, value]) => ({
          key,
          value: inspect(value, { depth: 4, breakLength: 100, maxStringLength: 2000 }),
        })),
        tables: sqlTables(db).map((name) => ({
          name,
          rows: (db.prepare(`SELECT count(*) AS n FROM ${quote(name)}`).get() as { n: number }).n,
        })),
        webSockets: context.webSockets?.(binding.storageName, id) ?? [],
      })),
    rows: (binding, input) =>
      withObject(context, binding, input.query, (db) => {
        const table = requireParam(input, "table");
        if (!sqlTables(db).includes(table))
          throw new ExplorerInputError(`[kindling] This object has no SQL table ${JSON.stringify(table)}.`);
        const statement = db.prepare(`SELECT * FROM ${quote(table)} LIMIT ? OFFSET ?`).raw(true);
        const rows = statement.all(
          intParam(input, "limit", 50, 1, 1000),
          intParam(input, "offset", 0, 0, Number.MAX_SAFE_INTEGER),
        );
        return { table, columns: statement.columns().map((column) => column.name), rows: rows.map(toCells) };
      }),
  },
  writes: {},
});

function withObject<T>(
  context: ExplorerContext,
  binding: DurableObjectDescriptor,
  query: URLSearchParams,
  read: (db: Database, id: string) => T,
): T {
  const id = query.get("id") ?? "";
  if (!idPattern.test(id)) throw new ExplorerInputError(`[kindling] "${id}" is not a Durable Object id (64 hex digits).`);
  const file = statePaths(context.persist, `do/${binding.storageName}`, id).database;
  if (!fs.existsSync(file)) throw new ExplorerInputError(`[kindling] ${binding.className} has no stored object ${id}.`);
  const db = openDatabase(file);
  try {
    return read(db, id);
  } finally {
    db.close();
  }
}

/** Tables made through `ctx.storage.sql` (not the KV API's or the alarm's). */
function sqlTables(db: Database): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

function toCells(row: unknown): unknown[] {
  return (row as unknown[]).map((cell) =>
    cell instanceof Uint8Array ? `<${cell.byteLength} bytes>` : typeof cell === "bigint" ? String(cell) : cell,
  );
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
