#!/usr/bin/env node
/**
 * D1 operations per second measured inside a worker under a real `vite dev`:
 * point selects (`first()` by primary key), single-row inserts (`run()`, each its own durable
 * commit) and inserts in one `batch()`. Usage: `pnpm build && node bench/d1.mjs [--rows 10000]`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, stripVTControlCharacters } from "node:util";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
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

fs.mkdirSync(path.join(benchDir, ".tmp"), { recursive: true });
const root = fs.mkdtempSync(path.join(benchDir, ".tmp", "d1-"));
fs.mkdirSync(path.join(root, "src"), { recursive: true });
fs.writeFileSync(path.join(root, "src/index.js"), worker);
fs.writeFileSync(
  path.join(root, "wrangler.jsonc"),
  JSON.stringify({
    name: "bench-d1",
    main: "src/index.js",
    compatibility_date: "2026-11-01",
    d1_databases: [{ binding: "DB", database_name: "bench", database_id: "bench" }],
  }),
);
fs.writeFileSync(
  path.join(root, "vite.config.js"),
  `import { kindling } from "@kindling/vite-plugin";\nexport default { plugins: [kindling()] };\n`,
);

const child = spawn(
  process.execPath,
  [path.join(benchDir, "node_modules/vite/bin/vite.js"), "dev", "--port", "0", "--host", "127.0.0.1"],
  {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  },
);
let output = "";
child.stdout.on("data", (chunk) => (output += chunk));
child.stderr.on("data", (chunk) => (output += chunk));

try {
  const origin = await waitForUrl();
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
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // already gone
  }
  fs.rmSync(root, { recursive: true, force: true });
}

function waitForUrl() {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start:\n${output}`)), 30_000);
    const check = () => {
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stripVTControlCharacters(output));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", check);
    child.once("exit", () => reject(new Error(`vite dev exited:\n${output}`)));
  });
}
