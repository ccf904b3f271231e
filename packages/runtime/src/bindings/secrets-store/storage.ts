/** One Secrets Store's local secrets (`<persist>/secrets-store/<store_id>.sqlite`), written by `kindling secrets-store`. */
import type { Database, Statement } from "../../storage/database.js";
import { LazyDatabase } from "../../storage/lazy-database.js";

const schema = `
CREATE TABLE IF NOT EXISTS secrets_store_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  created INTEGER NOT NULL,
  modified INTEGER NOT NULL
) WITHOUT ROWID;
`;

export interface StoredSecret {
  name: string;
  created: number;
  modified: number;
}

export class SecretsStoreStorage {
  readonly #database: LazyDatabase<ReturnType<typeof prepare>>;

  constructor(file: string) {
    this.#database = new LazyDatabase(file, schema, prepare);
  }

  get(name: string): string | null {
    return this.#database.statements.get.get({ name })?.value ?? null;
  }

  put(name: string, value: string, now: number): void {
    this.#database.write((sql) => sql.put.run({ name, value, now }));
  }

  delete(name: string): boolean {
    return this.#database.write((sql) => sql.delete.run({ name }).changes > 0);
  }

  list(): StoredSecret[] {
    return this.#database.statements.list.all();
  }

  close(): void {
    this.#database.close();
  }
}

function prepare(db: Database) {
  return {
    get: db.prepare("SELECT value FROM secrets_store_secrets WHERE name = :name") as Statement<
      [{ name: string }],
      { value: string }
    >,
    put: db.prepare(
      `INSERT INTO secrets_store_secrets (name, value, created, modified) VALUES (:name, :value, :now, :now)
       ON CONFLICT(name) DO UPDATE SET value = excluded.value, modified = excluded.modified`,
    ) as Statement<[{ name: string; value: string; now: number }]>,
    delete: db.prepare("DELETE FROM secrets_store_secrets WHERE name = :name") as Statement<[{ name: string }]>,
    list: db.prepare("SELECT name, created, modified FROM secrets_store_secrets ORDER BY name") as Statement<[], StoredSecret>,
  };
}
