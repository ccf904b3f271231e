/**
 * A/B of the request path: the hello route of bench/app served by two checkouts of Kindling (each
 * built), and plain Vite beside them, alternating, on the same machine in the same minutes.
 *
 *   node bench/ab-throughput.mjs <checkoutA> <checkoutB> [rounds=2]
 *   BENCH_AB_CONFIGS=vite.kindling.config.mjs,vite.reference.config.mjs (the default)
 *
 * Per server: autocannon, 50 connections, 2 s warm-up then 8 s measured; printed as requests/s
 * and server CPU per request (user+system of the server's process group from /proc, divided by
 * the requests served), the figure that holds up when other programs share the cores. With
 * NODE_OPTIONS naming a checkout's e2e/helpers/sqlite-binding-preload.cjs (another Node's
 * better-sqlite3, see e2e/helpers/sqlite-for-node.mjs), each server gets its own checkout's copy.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const [first, second, roundsText = "2"] = process.argv.slice(2);
if (!first || !second) {
  console.error("usage: node bench/ab-throughput.mjs <checkoutA> <checkoutB> [rounds]");
  process.exit(2);
}
const configs = (process.env.BENCH_AB_CONFIGS ?? "vite.kindling.config.mjs,vite.reference.config.mjs").split(",");
const preload = /\S*e2e\/helpers\/sqlite-binding-preload\.cjs/;

/** CPU time (ms) of a process group's leader and its threads. */
function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function measure(checkout, config) {
  const require = createRequire(path.join(checkout, "bench/package.json"));
  const autocannon = require("autocannon");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-ab-"));
  fs.cpSync(path.join(checkout, "bench/app"), dir, { recursive: true });
  fs.symlinkSync(path.join(checkout, "bench/node_modules"), path.join(dir, "node_modules"));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const nodeOptions = (process.env.NODE_OPTIONS ?? "").replace(
    preload,
    path.join(checkout, "e2e/helpers/sqlite-binding-preload.cjs"),
  );
  const vite = path.join(checkout, "bench/node_modules/vite/bin/vite.js");
  const args = [vite, "dev", "--config", config, "--port", String(port), "--strictPort", "--host", "127.0.0.1"];
  const child = spawn(process.execPath, args, {
    cwd: dir,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    let up = false;
    for (let i = 0; i < 600 && !up; i++) {
      up = await fetch(url).then(
        (response) => response.ok,
        () => false,
      );
      if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!up) throw new Error(`${config} in ${checkout} did not answer 200 within 60 s`);
    await autocannon({ url, connections: 50, duration: 2 });
    const before = cpuMs(child.pid);
    const result = await autocannon({ url, connections: 50, duration: 8 });
    const used = cpuMs(child.pid) - before;
    return { rps: Math.round(result.requests.average), cpuPerRequestUs: Math.round((used * 1000) / result.requests.total) };
  } finally {
    process.kill(-child.pid, "SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `node ${process.version}, load ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(" ")}`,
);
for (let round = 0; round < Number(roundsText); round++) {
  for (const checkout of [first, second]) {
    for (const config of configs) console.log(path.basename(checkout), config, JSON.stringify(await measure(checkout, config)));
  }
}
