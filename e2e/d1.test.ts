/**
 * D1 under a real `vite dev`: migrations applied with the `kindling` CLI while the server runs,
 * data kept across a new generation (file edit) and across a server restart.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

// The package's own bin file: node_modules/.bin links are made at install time, before the first build.
const kindlingBin = path.resolve(fileURLToPath(import.meta.url), "../node_modules/@kindling/vite-plugin/dist/cli/index.js");
const servers: DevServer[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function kindling(root: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, [kindlingBin, ...args], { cwd: root, timeout: 20_000 });
  return stdout;
}

async function notes(server: DevServer): Promise<unknown> {
  return (await server.fetch("/notes")).json();
}

test("migrations applied by the CLI while vite dev runs; data survives a new generation and a restart", async () => {
  const server = await startDevServer("d1");
  servers.push(server);

  const before = await server.fetch("/notes");
  expect(before.status).toBe(500);
  expect(await before.json()).toEqual({ error: "D1_ERROR: no such table: notes: SQLITE_ERROR" });

  const applied = await kindling(server.root, "d1", "migrations", "apply", "DB");
  expect(applied).toContain("0001_add_tags.sql");
  expect(await (await server.fetch("/notes?text=first&tag=a", { method: "POST" })).json()).toEqual({ id: 1, changes: 1 });
  expect(await (await server.fetch("/batch?text=second&text=third")).text()).toBe("ok");

  // The CLI and the worker share the database file, each seeing the other's writes.
  await kindling(server.root, "d1", "execute", "notes-db", "--command", "INSERT INTO notes (text) VALUES ('from the cli')");
  const written = JSON.parse(await kindling(server.root, "d1", "execute", "DB", "--command", "SELECT text FROM notes", "--json"));
  expect(written[0].results.map((r: { text: string }) => r.text)).toEqual(["first", "second", "third", "from the cli"]);
  const expected = [
    { id: 1, text: "first", tag: "a" },
    { id: 2, text: "second", tag: null },
    { id: 3, text: "third", tag: null },
    { id: 4, text: "from the cli", tag: null },
  ];
  expect(await notes(server)).toEqual(expected);
  // Writes under .kindling/state are not watched: still the first generation.
  expect(server.output()).not.toMatch(/generation \d+ ready/);

  server.edit("src/index.ts", 'const version = "v1"', 'const version = "v2"');
  await until(async () => (await (await server.fetch("/version")).text()) === "v2");
  expect(await notes(server)).toEqual(expected);

  await server.stop();
  const restarted = await startDevServer("d1", { root: server.root });
  servers.push(restarted);
  expect(await (await restarted.fetch("/version")).text()).toBe("v2");
  expect(await notes(restarted)).toEqual(expected);
  expect(await kindling(server.root, "d1", "migrations", "list", "DB")).toContain("No migrations to apply");
});

test("the worker and the CLI write to the same database at the same time without losing a write", async () => {
  const server = await startDevServer("d1");
  servers.push(server);
  await kindling(server.root, "d1", "migrations", "apply", "DB");
  const bulk =
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000) INSERT INTO notes (text) SELECT 'cli-' || x FROM n";
  // Two request loops keep writing for as long as the CLI process runs, so the writes overlap.
  const cli = { done: false };
  let written = 0;
  const bulkInsert = kindling(server.root, "d1", "execute", "DB", "--command", bulk).finally(() => (cli.done = true));
  const writer = async (id: number) => {
    for (let i = 0; !cli.done; i++) {
      const response = await server.fetch(`/notes?text=worker-${id}-${i}`, { method: "POST" });
      expect(response.status).toBe(200);
      written++;
    }
  };
  await Promise.all([bulkInsert, writer(1), writer(2)]);
  expect(written).toBeGreaterThan(0);
  const counts = JSON.parse(
    await kindling(
      server.root,
      "d1",
      "execute",
      "DB",
      "--json",
      "--command",
      "SELECT substr(text, 1, 3) AS who, count(*) AS n FROM notes GROUP BY who ORDER BY who",
    ),
  );
  expect(counts[0].results).toEqual([
    { who: "cli", n: 50000 },
    { who: "wor", n: written },
  ]);
});
