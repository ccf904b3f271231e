/** `D1PreparedStatement`: an SQL text plus bound values, run through the session that prepared it. */
import type { D1Meta, D1Query, D1RawResult } from "./sql-executor.js";
import { d1Error, toD1Value, type D1Value } from "./validate.js";

export interface D1Result<T = Record<string, unknown>> {
  success: true;
  meta: D1Meta & Record<string, unknown>;
  results: T[];
}

/** What a statement needs from its session: run one query, D1 errors already shaped. */
export type QueryRunner = (query: D1Query) => Promise<D1RawResult>;

export class D1PreparedStatement {
  readonly #runner: QueryRunner;
  readonly statement: string;
  readonly params: readonly D1Value[];

  /** @internal Created by `D1Database.prepare` / `D1DatabaseSession.prepare`. */
  constructor(runner: QueryRunner, statement: string, params: readonly D1Value[] = []) {
    this.#runner = runner;
    this.statement = statement;
    this.params = params;
  }

  /** A new statement with these values bound (the receiver keeps its own). */
  bind(...values: unknown[]): D1PreparedStatement {
    return new D1PreparedStatement(this.#runner, this.statement, values.map(toD1Value));
  }

  first<T = unknown>(colName: string): Promise<T | null>;
  first<T = Record<string, unknown>>(): Promise<T | null>;
  async first(colName?: string): Promise<unknown> {
    const { results } = toD1Result<Record<string, unknown>>(await this.#runner(this.#query()));
    const row = results[0];
    if (row === undefined) return null;
    if (colName === undefined) return row;
    if (row[colName] === undefined) {
      throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${colName})`, { cause: new Error("Column not found") });
    }
    return row[colName];
  }

  async run<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return toD1Result<T>(await this.#runner(this.#query()));
  }

  async all<T = Record<string, unknown>>(): Promise<D1Result<T>> {
    return toD1Result<T>(await this.#runner(this.#query()));
  }

  raw<T = unknown[]>(options: { columnNames: true }): Promise<[string[], ...T[]]>;
  raw<T = unknown[]>(options?: { columnNames?: false }): Promise<T[]>;
  async raw(options?: { columnNames?: boolean }): Promise<unknown[]> {
    const { columns, rows } = await this.#runner(this.#query());
    return options?.columnNames ? [columns, ...rows] : rows;
  }

  #query(): D1Query {
    return { sql: this.statement, params: this.params };
  }
}

/** Rows as objects keyed by column name (a repeated name keeps its last value, as D1's does). */
export function toD1Result<T>({ columns, rows, meta }: D1RawResult): D1Result<T> {
  const results = rows.map((row) => Object.fromEntries(row.map((cell, i) => [columns[i], cell])) as T);
  return { success: true, meta: meta as D1Meta & Record<string, unknown>, results };
}

export function isD1PreparedStatement(value: unknown): value is D1PreparedStatement {
  return value instanceof D1PreparedStatement;
}

// Local D1 (Miniflare's D1 object, behind workerd) checks each query against its schema; what it
// refuses comes back as a non-JSON body, which workerd's binding reports with this text.
const malformedQuery = "Failed to parse body as JSON, got: ZodError";

/**
 * `batch()`'s elements as D1 receives them: workerd sends any object's `statement` and `params` as
 * JSON, so statement-like objects work and anything else is refused by D1, not by the binding.
 */
export function toBatchQueries(statements: readonly Pick<D1PreparedStatement, "statement" | "params">[]): D1Query[] {
  const sent: unknown[] = statements.map((s) =>
    s instanceof D1PreparedStatement
      ? { sql: s.statement, params: s.params }
      : JSON.parse(JSON.stringify({ sql: s.statement, params: s.params })),
  );
  if (!sent.every(isWireQuery)) throw d1Error(malformedQuery);
  return sent.map(({ sql, params }) => ({ sql, params: params ?? [] }));
}

function isWireQuery(value: unknown): value is { sql: string; params?: D1Value[] | null } {
  const { sql, params } = value as { sql?: unknown; params?: unknown };
  if (typeof sql !== "string") return false;
  return params === undefined || params === null || (Array.isArray(params) && params.every(isWireValue));
}

function isWireValue(value: unknown): boolean {
  if (value === null || typeof value === "number" || typeof value === "string") return true;
  return Array.isArray(value) && value.every((byte) => typeof byte === "number");
}
