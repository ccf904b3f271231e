/**
 * What request tracing (the explorer's traces) costs on the hello route: `kindling()` against
 * `kindling({ explorer: false })`, and with an explorer page's live stream open. The three servers
 * run side by side (each in its own copy of the app) and take turns: BENCH_ROUNDS (default 12)
 * rounds of a BENCH_BURST-second (default 2) autocannon burst each, 50 connections, in rotating
 * order, so that the other load on the machine falls on every variant alike. Reported per variant:
 * requests per second over all its bursts, and server CPU per request (its process group's
 * user+system time, from /proc).
 *
 *   pnpm build && node bench/tracing.mjs            (TRACING_ROUTE=/kv for a route with two KV calls)
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
const rounds = Number(process.env.BENCH_ROUNDS ?? 12);
const burst = Number(process.env.BENCH_BURST ?? 2);
const route = process.env.TRACING_ROUTE ?? "/";

const variants = [
  { name: "tracing off", options: "{ explorer: false }", stream: false },
  { name: "tracing on", options: "{}", stream: false },
  { name: "tracing on, explorer open", options: "{}", stream: true },
];

async function start(variant) {
  const dir = fs.mkdtempSync(path.join(benchDir, ".tmp", "tracing-"));
  fs.cpSync(path.join(benchDir, "app"), dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "vite.tracing.config.mjs"),
    `import { kindling } from "@kindling/vite-plugin";\nexport default { plugins: [kindling(${variant.options})], logLevel: "warn", cacheDir: ".vite" };\n`,
  );
  fs.symlinkSync(path.join(benchDir, "node_modules"), path.join(dir, "node_modules"));
  const port = await freePort();
  const vite = path.join(benchDir, "node_modules/vite/bin/vite.js");
  const log = fs.openSync(path.join(dir, "server.log"), "w");
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
  const child = spawn(process.execPath, args, { cwd: dir, detached: true, stdio: ["ignore", log, log] });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}${route}`;
  const server = { ...variant, dir, child, url, requests: 0, seconds: 0, cpuMs: 0, events: undefined };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null || i === 900)
      throw new Error(`${variant.name}: the server did not start; see ${dir}/server.log.`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (variant.stream) server.events = openStream(`http://127.0.0.1:${port}/cdn-cgi/local/explorer/api/events`);
  return server;
}

function stop(server) {
  server.events?.close();
  try {
    process.kill(-server.child.pid, "SIGKILL");
  } catch {
    // already gone
  }
  fs.rmSync(server.dir, { recursive: true, force: true });
}

/** A live-events listener, as an open explorer page is. */
function openStream(url) {
  let bytes = 0;
  const request = http.get(url, (response) => response.on("data", (chunk) => (bytes += chunk.length)));
  request.on("error", () => {});
  return { received: () => bytes, close: () => request.destroy() };
}

fs.mkdirSync(path.join(benchDir, ".tmp"), { recursive: true });
const servers = [];
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const server of servers) stop(server);
    process.exit(130);
  });
}
try {
  for (const variant of variants) servers.push(await start(variant));
  for (const server of servers) await autocannon({ url: server.url, connections: 50, duration: 2 });
  for (let round = 0; round < rounds; round++) {
    // Rotate who goes first, so no variant always follows the same one.
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    for (const server of order) {
      const before = groupCpuMs(server.child.pid);
      const result = await autocannon({ url: server.url, connections: 50, duration: burst });
      server.cpuMs += groupCpuMs(server.child.pid) - before;
      server.requests += result.requests.total;
      server.seconds += burst;
    }
  }
  const off = servers[0].requests / servers[0].seconds;
  console.log(`route ${route}: ${rounds} rounds of ${burst} s bursts per variant, 50 connections`);
  for (const server of servers) {
    const rps = server.requests / server.seconds;
    const cpu = (server.cpuMs * 1000) / server.requests;
    const delta = server === servers[0] ? "" : ` (${((rps / off - 1) * 100).toFixed(1)} % vs off)`;
    const streamed = server.events ? `, ${server.events.received()} bytes streamed to the page` : "";
    console.log(`${server.name}: ${Math.round(rps)} req/s${delta}, ${Math.round(cpu)} µs server CPU per request${streamed}`);
  }
} finally {
  for (const server of servers) stop(server);
}
