/**
 * What request tracing (the explorer's traces) costs: the hello route `/` and `/kv` (two binding
 * calls, two spans) with `kindling()` against `kindling({ explorer: false })`, and with an explorer
 * page's live stream open. Variants alternate; each round is a fresh server in its own copy of the
 * app, a 2 s warm-up, then BENCH_DURATION (default 8) seconds of autocannon with 50 connections.
 *
 *   pnpm build && node bench/tracing.mjs [rounds=3]     (TRACING_ROUTES=/ for the hello route only)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort } from "./lib/dev-server.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const autocannon = require("autocannon");
const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.env.BENCH_DURATION ?? 8);

const variants = {
  off: { options: "{ explorer: false }", stream: false },
  on: { options: "{}", stream: false },
  "on, page open": { options: "{}", stream: true },
};

async function measure(variant, route) {
  const { options, stream } = variants[variant];
  const dir = fs.mkdtempSync(path.join(benchDir, ".tmp", "tracing-"));
  fs.cpSync(path.join(benchDir, "app"), dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "vite.tracing.config.mjs"),
    `import { kindling } from "@kindling/vite-plugin";\nexport default { plugins: [kindling(${options})], logLevel: "warn", cacheDir: ".vite" };\n`,
  );
  fs.symlinkSync(path.join(benchDir, "node_modules"), path.join(dir, "node_modules"));
  const port = await freePort();
  const vite = path.join(benchDir, "node_modules/vite/bin/vite.js");
  const args = [
    vite,
    "dev",
    "--config",
    "vite.tracing.config.mjs",
    "--port",
    String(port),
    "--strictPort",
    "--host",
    "127.0.0.1",
  ];
  const log = fs.openSync(path.join(benchDir, ".tmp", "tracing-server.log"), "w");
  const child = spawn(process.execPath, args, { cwd: dir, detached: true, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  let events;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null || i === 600) throw new Error(`The server did not start; see bench/.tmp/tracing-server.log.`);
      try {
        if ((await fetch(base + route)).ok) break;
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (stream) events = openStream(`${base}/cdn-cgi/local/explorer/api/events`);
    await autocannon({ url: base + route, connections: 50, duration: 2 });
    const before = groupCpuMs(child.pid);
    const result = await autocannon({ url: base + route, connections: 50, duration: seconds });
    const used = groupCpuMs(child.pid) - before;
    return { rps: result.requests.average, cpuUs: (used * 1000) / result.requests.total, events: events?.received() };
  } finally {
    events?.close();
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A live-events listener, as an open explorer page is. */
function openStream(url) {
  let bytes = 0;
  const request = http.get(url, (response) => response.on("data", (chunk) => (bytes += chunk.length)));
  request.on("error", () => {});
  return { received: () => bytes, close: () => request.destroy() };
}

function groupCpuMs(pgid) {
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {}
  }
  return ticks * 10;
}

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

fs.mkdirSync(path.join(benchDir, ".tmp"), { recursive: true });
const routes = (process.env.TRACING_ROUTES ?? "/,/kv").split(",");
for (const route of routes) {
  const samples = Object.fromEntries(Object.keys(variants).map((v) => [v, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of Object.keys(variants)) {
      const sample = await measure(variant, route);
      samples[variant].push(sample);
      console.log(`${route} ${variant}: ${Math.round(sample.rps)} req/s, ${Math.round(sample.cpuUs)} µs CPU/request`);
    }
  }
  const off = median(samples.off.map((s) => s.rps));
  for (const [variant, list] of Object.entries(samples)) {
    const rps = median(list.map((s) => s.rps));
    const cpu = median(list.map((s) => s.cpuUs));
    console.log(
      `== ${route} ${variant}: median ${Math.round(rps)} req/s (${((rps / off - 1) * 100).toFixed(1)} % vs off), ${Math.round(cpu)} µs CPU/request`,
    );
  }
}
