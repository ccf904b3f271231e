import { openDatabase, type Database } from "./database.js";

/**
 * A binding's database, opened and given its schema on first use, so a generation that never
 * touches a binding never opens its file.
 */
export class LazyDatabase<Statements> {
  readonly #file: string | false;
  readonly #schema: string;
  readonly #prepare: (db: Database) => Statements;
  #open?: { db: Database; statements: Statements };

  constructor(file: string | false, schema: string, prepare: (db: Database) => Statements) {
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

  #get(): { db: Database; statements: Statements } {
    if (!this.#open) {
      const db = openDatabase(this.#file);
      db.exec(this.#schema);
      this.#open = { db, statements: this.#prepare(db) };
    }
    return this.#open;
  }
}
