#!/usr/bin/env node
/**
 * D1 operations per second measured inside a worker under a real `vite dev`:
 * point selects (`first()` by primary key), single-row inserts (`run()`, each its own durable
 * commit) and inserts in one `batch()`. Usage: `pnpm build && node bench/d1.mjs [--rows 10000]`.
 */
import { parseArgs } from "node:util";
import { startKindlingApp } from "./lib/kindling-app.mjs";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "10000" },
    selects: { type: "string", default: "20000" },
    inserts: { type: "string", default: "3000" },
    rounds: { type: "string", default: "5" },
  },
});

const worker = `
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const n = Number(url.searchParams.get("n"));
    const db = env.DB;
    if (url.pathname === "/setup") {
      await db.exec("DROP TABLE IF EXISTS items;\\nCREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value INTEGER NOT NULL);");
      const insert = db.prepare("INSERT INTO items (name, value) VALUES (?, ?)");
      for (let i = 0; i < n; i += 1000) {
        await db.batch(Array.from({ length: Math.min(1000, n - i) }, (_, j) => insert.bind("item-" + (i + j), i + j)));
      }
      return Response.json(await db.prepare("SELECT count(*) AS rows FROM items").first());
    }
    const rows = (await db.prepare("SELECT max(id) AS id FROM items").first("id")) ?? 1;
    const start = performance.now();
    if (url.pathname === "/select") {
      const select = db.prepare("SELECT id, name, value FROM items WHERE id = ?");
      for (let i = 0; i < n; i++) {
        const row = await select.bind(1 + ((i * 7919) % rows)).first();
        if (!row) throw new Error("missing row");
      }
    } else if (url.pathname === "/insert") {
      const insert = db.prepare("INSERT INTO items (name, value) VALUES (?, ?)");
      for (let i = 0; i < n; i++) await insert.bind("new-" + i, i).run();
    } else if (url.pathname === "/batch-insert") {
      const insert = db.prepare("INSERT INTO items (name, value) VALUES (?, ?)");
      await db.batch(Array.from({ length: n }, (_, i) => insert.bind("batched-" + i, i)));
    } else {
      return new Response("not found", { status: 404 });
    }
    const ms = performance.now() - start;
    return Response.json({ n, ms, opsPerSecond: Math.round((n / ms) * 1000) });
  },
};
`;

const app = await startKindlingApp({
  name: "bench-d1",
  worker,
  wrangler: { d1_databases: [{ binding: "DB", database_name: "bench", database_id: "bench" }] },
});

try {
  const origin = app.url;
  const get = async (pathname) => {
    const response = await fetch(origin + pathname, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`${pathname}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  console.log(`setup: ${JSON.stringify(await get(`/setup?n=${values.rows}`))}`);
  const cases = [
    ["point select (first)", `/select?n=${values.selects}`],
    ["insert (run, one commit each)", `/insert?n=${values.inserts}`],
    ["insert in one batch()", `/batch-insert?n=${values.inserts}`],
  ];
  await get(`/select?n=1000`); // warm-up
  console.log(`node ${process.version}, ${values.rounds} rounds, median ops/s (from inside the worker):`);
  for (const [name, pathname] of cases) {
    const runs = [];
    for (let i = 0; i < Number(values.rounds); i++) runs.push((await get(pathname)).opsPerSecond);
    runs.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(32)} ${String(runs[Math.floor(runs.length / 2)]).padStart(8)} ops/s   (runs: ${runs.join(", ")})`,
    );
  }
} finally {
  await app.stop();
}
