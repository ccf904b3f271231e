import { openDatabase, writeTransaction, type Database } from "./database.js";

/**
 * A binding's database, opened and given its schema on first use, so a generation that never
 * touches a binding never opens its file. Writes go through `write` (see database.ts).
 */
export class LazyDatabase<Statements> {
  readonly #file: string;
  readonly #schema: string;
  readonly #prepare: (db: Database) => Statements;
  #open?: { db: Database; statements: Statements };

  constructor(file: string, schema: string, prepare: (db: Database) => Statements) {
    this.#file = file;
    this.#schema = schema;
    this.#prepare = prepare;
  }

  get db(): Database {
    return this.#get().db;
  }

  get statements(): Statements {
    return this.#get().statements;
  }

  /** Closes the file if it was opened; the next use opens it again. */
  close(): void {
    this.#open?.db.close();
    this.#open = undefined;
  }

  /** Runs `fn` in one write transaction that waits for another connection's write lock. */
  write<T>(fn: (statements: Statements) => T): T {
    const { db, statements } = this.#get();
    return writeTransaction(db, () => fn(statements));
  }

  #get(): { db: Database; statements: Statements } {
    if (!this.#open) {
      const db = openDatabase(this.#file);
      writeTransaction(db, () => db.exec(this.#schema));
      this.#open = { db, statements: this.#prepare(db) };
    }
    return this.#open;
  }
}
