/**
 * A dataset's data points, in the columns Analytics Engine's SQL API shows (`timestamp`, `index1`,
 * `blob1`..`blob20`, `double1`..`double20`, `_sample_interval`), so local data can be queried with
 * the same SQL.
 */
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";
import { Buffer } from "node:buffer";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const blobColumns = range(20).map((i) => `blob${i}`);
const doubleColumns = range(20).map((i) => `double${i}`);

const schema = `
CREATE TABLE IF NOT EXISTS analytics_engine_data_points (
  timestamp INTEGER NOT NULL,
  dataset TEXT NOT NULL,
  index1 BLOB NOT NULL,
  ${blobColumns.map((c) => `${c} BLOB`).join(", ")},
  ${doubleColumns.map((c) => `${c} REAL NOT NULL DEFAULT 0`).join(", ")},
  _sample_interval INTEGER NOT NULL DEFAULT 1
);
`;

export interface DataPoint {
  index1: Uint8Array | string;
  blobs: (Uint8Array | string | null)[];
  doubles: number[];
}

export class AnalyticsEngineStorage {
  readonly #dataset: string;
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(file: string, dataset: string) {
    this.#dataset = dataset;
    this.#database = new LazyDatabase(file, schema, prepare);
  }

  write(point: DataPoint, now: number): void {
    const values: Record<string, unknown> = { timestamp: now, dataset: this.#dataset, index1: toSqlite(point.index1) };
    blobColumns.forEach((column, i) => (values[column] = toSqlite(point.blobs[i] ?? null)));
    doubleColumns.forEach((column, i) => (values[column] = point.doubles[i] ?? 0));
    this.#database.write((sql) => sql.insert.run(values));
  }

  /** Every data point, oldest first (tests and the explorer). */
  all(): Record<string, unknown>[] {
    return this.#database.statements.all.all();
  }
}

function toSqlite(value: Uint8Array | string | null): Buffer | string | null {
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value;
}

function prepare(db: Database) {
  const columns = ["timestamp", "dataset", "index1", ...blobColumns, ...doubleColumns];
  return {
    insert: db.prepare(
      `INSERT INTO analytics_engine_data_points (${columns.join(", ")}) VALUES (${columns.map((c) => `:${c}`).join(", ")})`,
    ) as Statement<[Record<string, unknown>]>,
    all: db.prepare("SELECT * FROM analytics_engine_data_points ORDER BY rowid") as Statement<[], Record<string, unknown>>,
  };
}
