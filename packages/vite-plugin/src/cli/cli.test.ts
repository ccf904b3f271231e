import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

// Each test runs the bin a few times (a Node start and a module load each): seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 });

const bin = path.resolve(fileURLToPath(import.meta.url), "../../../dist/cli/index.js");
let root: string;

function write(file: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

/** Runs the built `kindling` bin in the temp project; never rejects. */
async function kindling(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, CLOUDFLARE_ENV: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function query(sql: string, ...extra: string[]): Promise<unknown[]> {
  const { code, stdout, stderr } = await kindling("d1", "execute", "DB", "--command", sql, "--json", ...extra);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return (JSON.parse(stdout) as Array<{ results: unknown[] }>).at(-1)!.results;
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-cli-"));
  write("src/index.ts", "export default {};\n");
  write(
    "wrangler.jsonc",
    JSON.stringify({
      name: "cli-test",
      main: "src/index.ts",
      d1_databases: [{ binding: "DB", database_name: "app-db", database_id: "app-id" }],
      env: { staging: { d1_databases: [{ binding: "DB", database_name: "staging-db", migrations_dir: "staging-migrations" }] } },
    }),
  );
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe("kindling d1 migrations", () => {
  test("create, list and apply record migrations in d1_migrations of the database vite dev uses", async () => {
    const created = await kindling("d1", "migrations", "create", "DB", "create users");
    expect(created.code).toBe(0);
    expect(fs.readFileSync(path.join(root, "migrations/0000_create_users.sql"), "utf8")).toMatch(
      /^-- Migration number: 0000 \t /,
    );
    fs.appendFileSync(
      path.join(root, "migrations/0000_create_users.sql"),
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n",
    );
    await kindling("d1", "migrations", "create", "app-db", "seed");
    fs.appendFileSync(
      path.join(root, "migrations/0001_seed.sql"),
      "INSERT INTO users (name) VALUES ('ada'); INSERT INTO users (name) VALUES ('grace');\n",
    );

    const listed = await kindling("d1", "migrations", "list", "DB");
    expect(listed.stdout).toContain("0000_create_users.sql");
    expect(listed.stdout).toContain("0001_seed.sql");

    const applied = await kindling("d1", "migrations", "apply", "DB");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(".kindling/state/d1/app-id.sqlite");
    expect(fs.existsSync(path.join(root, ".kindling/state/d1/app-id.sqlite"))).toBe(true);
    expect(await query("SELECT name FROM users ORDER BY id")).toEqual([{ name: "ada" }, { name: "grace" }]);
    const records = (await query("SELECT id, name, applied_at FROM d1_migrations ORDER BY id")) as Array<Record<string, unknown>>;
    expect(records.map((r) => [r.id, r.name])).toEqual([
      [1, "0000_create_users.sql"],
      [2, "0001_seed.sql"],
    ]);
    expect(records[0]!.applied_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    expect((await kindling("d1", "migrations", "list", "DB")).stdout).toContain("No migrations to apply");
    expect((await kindling("d1", "migrations", "apply", "DB")).stdout).toContain("No migrations to apply");
  });

  test("a failing migration is rolled back and the ones before it stay applied", async () => {
    write("migrations/0001_ok.sql", "CREATE TABLE a (x);\n");
    write("migrations/0002_bad.sql", "INSERT INTO a VALUES (1);\nINSERT INTO missing VALUES (1);\n");
    write("migrations/0003_later.sql", "CREATE TABLE later (x);\n");
    const result = await kindling("d1", "migrations", "apply", "DB");
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatchInlineSnapshot(`
      "[kindling] Migration 0002_bad.sql failed on D1 database DB (app-db): D1_ERROR: no such table: missing: SQLITE_ERROR
      It was rolled back; the migrations before it stay applied. Fix migrations/0002_bad.sql and run "kindling d1 migrations apply DB" again."
    `);
    expect(await query("SELECT name FROM d1_migrations")).toEqual([{ name: "0001_ok.sql" }]);
    expect(await query("SELECT count(*) AS n FROM a")).toEqual([{ n: 0 }]);
    expect(await query("SELECT name FROM sqlite_master WHERE name = 'later'")).toEqual([]);
  });

  test("errors name the database, the folder and how to fix them", async () => {
    expect((await kindling("d1", "migrations", "apply", "DB")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] No migrations folder for D1 database DB (app-db): "migrations" does not exist. Create a migration with "kindling d1 migrations create DB <message>", or set "migrations_dir" of this database in wrangler.jsonc."`,
    );
    expect((await kindling("d1", "migrations", "list", "nope")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] No D1 database "nope" in wrangler.jsonc (it has "DB" ("app-db")). Pass a "binding" or "database_name" from "d1_databases"."`,
    );
    expect((await kindling("d1", "migrations", "list")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] Missing <database>: pass a "binding" or "database_name" from "d1_databases"."`,
    );
    expect((await kindling("d1", "migrations", "create", "DB", "a/b")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] The migration message "a/b" contains a path separator; use words, e.g. "create users"."`,
    );
  });

  test("--env picks the environment's databases and migrations_dir", async () => {
    write("staging-migrations/0000_init.sql", "CREATE TABLE staging_only (x);\n");
    expect((await kindling("d1", "migrations", "apply", "staging-db", "--env", "staging")).code).toBe(0);
    expect(fs.existsSync(path.join(root, ".kindling/state/d1/staging-db.sqlite"))).toBe(true);
    expect(
      await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'staging_only'", "--env", "staging"),
    ).toEqual([{ name: "staging_only" }]);
  });
});

describe("kindling d1 execute", () => {
  test("runs a --file and prints tables; --persist-to moves the database", async () => {
    write(
      "seed.sql",
      "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nINSERT INTO t (v) VALUES ('one;two');\nSELECT * FROM t;\n",
    );
    const result = await kindling("d1", "execute", "DB", "--file", "seed.sql", "--persist-to", "elsewhere");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("3 commands executed successfully.");
    expect(result.stdout).toContain("│ 1  │ one;two │");
    expect(fs.existsSync(path.join(root, "elsewhere/d1/app-id.sqlite"))).toBe(true);
    expect(fs.existsSync(path.join(root, ".kindling"))).toBe(false);
  });

  test("a failing statement applies nothing and exits with 1", async () => {
    const result = await kindling("d1", "execute", "DB", "--command", "CREATE TABLE t (x); INSERT INTO nope VALUES (1)");
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] D1_ERROR: no such table: nope: SQLITE_ERROR (D1 database DB (app-db); nothing was applied)."`,
    );
    expect(await query("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'")).toEqual([{ n: 0 }]);
    expect((await kindling("d1", "execute", "DB")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] Pass exactly one of --command "<SQL>" or --file <path.sql> to "kindling d1 execute"."`,
    );
    expect((await kindling("d1", "execute", "DB", "--file", "none.sql")).stderr.trim()).toMatch(
      /^\[kindling\] The SQL file "none.sql"/,
    );
    expect((await kindling("d1", "execute", "DB", "--bogus")).stderr.trim()).toMatchInlineSnapshot(
      `"[kindling] Unknown option "--bogus". Run "kindling --help" for the usage."`,
    );
  });
});

describe("kindling secrets-store", () => {
  test("create, list, update and delete secrets in the local store that secrets_store_secrets bindings read", async () => {
    expect((await kindling("secrets-store", "secret", "create", "store-1", "--name", "API_KEY", "--value", "one")).stdout).toBe(
      'Secret "API_KEY" created in local store "store-1".\n',
    );
    await kindling("secrets-store", "secret", "update", "store-1", "--name", "API_KEY", "--value", "two");
    const { SecretsStoreStorage, secretsStoreFile } = await import("@kindling/runtime/secrets-store");
    const store = new SecretsStoreStorage(secretsStoreFile(path.join(root, ".kindling/state"), "store-1"));
    expect(store.get("API_KEY")).toBe("two");
    store.close();
    expect((await kindling("secrets-store", "secret", "list", "store-1")).stdout).toMatch(/│ API_KEY │ \d{4}-/);
    expect((await kindling("secrets-store", "secret", "delete", "store-1", "--name", "API_KEY")).code).toBe(0);
    const missing = await kindling("secrets-store", "secret", "delete", "store-1", "--name", "API_KEY");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatchInlineSnapshot(`
      "[kindling] Secret "API_KEY" not found in local store "store-1".
      "
    `);
  });
});
