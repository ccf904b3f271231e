/**
 * What a worker's outbound fetch() costs: one `kindling()` dev server of the bench app, and a
 * loopback HTTP server in this process that answers "ok". Autocannon bursts (BENCH_BURST seconds,
 * default 2; 50 connections) take turns on the hello route `/` and on `/outbound`, which fetches
 * the loopback server, for BENCH_ROUNDS rounds (default 8). Reported per route: requests per
 * second over all its bursts and server CPU per request (the dev server's process group, from /proc).
 *
 *   pnpm build && node bench/outbound.mjs
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { freePort, groupCpuMs } from "./lib/dev-server.mjs";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const autocannon = require("autocannon");
const rounds = Number(process.env.BENCH_ROUNDS ?? 8);
const burst = Number(process.env.BENCH_BURST ?? 2);

const target = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => response.end("ok"));
});
await new Promise((resolve) => target.listen(0, "127.0.0.1", resolve));
const targetUrl = `http://127.0.0.1:${target.address().port}/`;

fs.mkdirSync(path.join(benchDir, ".tmp"), { recursive: true });
const dir = fs.mkdtempSync(path.join(benchDir, ".tmp", "outbound-"));
fs.cpSync(path.join(benchDir, "app"), dir, { recursive: true });
fs.symlinkSync(path.join(benchDir, "node_modules"), path.join(dir, "node_modules"));
const port = await freePort();
const log = fs.openSync(path.join(dir, "server.log"), "w");
const vite = path.join(benchDir, "node_modules/vite/bin/vite.js");
const args = [vite, "dev", "--config", "vite.kindling.config.mjs", "--port", String(port), "--strictPort", "--host", "127.0.0.1"];
const child = spawn(process.execPath, args, { cwd: dir, detached: true, stdio: ["ignore", log, log] });
fs.closeSync(log);

function stop() {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // already gone
  }
  target.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => (stop(), process.exit(130)));

try {
  const origin = `http://127.0.0.1:${port}`;
  const routes = [
    { name: "/", url: `${origin}/`, requests: 0, seconds: 0, cpuMs: 0 },
    { name: "/outbound", url: `${origin}/outbound?url=${encodeURIComponent(targetUrl)}`, requests: 0, seconds: 0, cpuMs: 0 },
  ];
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i === 900) throw new Error(`the server did not start; see ${dir}/server.log.`);
    try {
      if ((await fetch(routes[1].url)).ok) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const route of routes) await autocannon({ url: route.url, connections: 50, duration: 2 });
  for (let round = 0; round < rounds; round++) {
    for (const route of round % 2 ? routes.toReversed() : routes) {
      const before = groupCpuMs(child.pid);
      const result = await autocannon({ url: route.url, connections: 50, duration: burst });
      route.cpuMs += groupCpuMs(child.pid) - before;
      route.requests += result.requests.total;
      route.seconds += burst;
      if (result.non2xx > 0) throw new Error(`${route.name} answered ${result.non2xx} non-2xx responses`);
    }
  }
  console.log(`${rounds} rounds of ${burst} s bursts per route, 50 connections`);
  for (const route of routes) {
    const cpu = (route.cpuMs * 1000) / route.requests;
    console.log(
      `${route.name}: ${Math.round(route.requests / route.seconds)} req/s, ${Math.round(cpu)} µs server CPU per request`,
    );
  }
} finally {
  stop();
}
