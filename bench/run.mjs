/**
 * `pnpm bench`: Kindling vs @cloudflare/vite-plugin on bench/app, alternating runs, then a table.
 * Settings (run length, sections) come from the environment; see bench/README.md.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir, prepareCopies, variants } from "./lib/apps.mjs";
import { stopAllStarted } from "./lib/dev-server.mjs";
import { renderResultsMarkdown, renderTable, updateResultsMarkdown } from "./lib/report.mjs";
import { settings } from "./lib/settings.mjs";
import { coldStart } from "./lib/sections/cold-start.mjs";
import { memory } from "./lib/sections/memory.mjs";
import { reload } from "./lib/sections/reload.mjs";
import { checkRoutes, renderRoutes } from "./lib/sections/routes.mjs";
import { throughput } from "./lib/sections/throughput.mjs";

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stopAllStarted();
    process.exit(130);
  });
}
process.once("exit", stopAllStarted);

const order = [variants.kindling, variants.cloudflare];
const startedAt = new Date();
const loadavgStart = os.loadavg().map((l) => l.toFixed(2));
console.log(`[bench] ${settings.quick ? "quick" : "full"} run: ${settings.sections.join(", ")}`);

prepareCopies();
const routes = await checkRoutes([...order, variants.reference]);
console.log(renderRoutes(routes, [...order, variants.reference]));

const metrics = [];
let memoryDetails;
if (settings.sections.includes("cold")) metrics.push(...(await coldStart(order)));
if (settings.sections.includes("reload")) metrics.push(...(await reload(order)));
if (settings.sections.includes("throughput")) metrics.push(...(await throughput(order, variants.reference)));
if (settings.sections.includes("memory")) {
  const result = await memory(order, variants.reference);
  metrics.push(...result.metrics);
  memoryDetails = result.details;
}

const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
const file = settings.quick ? `quick-${stamp}.json` : `${stamp}.json`;
const meta = {
  file,
  date: startedAt.toISOString(),
  durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
  quick: settings.quick,
  settings,
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  totalMemGiB: (os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()}`,
  loadavgStart,
  loadavgEnd: os.loadavg().map((l) => l.toFixed(2)),
  versions: versions(),
  commit: gitCommit(),
};
const table = renderTable(metrics);
console.log(`\n${table}\n`);

// Quick runs are smoke tests: their JSON goes to bench/.tmp, and RESULTS.md is left alone.
const resultsDir = settings.quick ? path.join(benchDir, ".tmp") : path.join(benchDir, "results");
fs.mkdirSync(resultsDir, { recursive: true });
const json = { meta, routes, metrics: metrics.map((m) => m.toJSON()), memory: memoryDetails };
fs.writeFileSync(path.join(resultsDir, file), JSON.stringify(json, null, 2) + "\n");
console.log(`[bench] wrote ${path.relative(process.cwd(), path.join(resultsDir, file))}`);
if (!settings.quick) {
  const note = `Routes as each server answered them in this run:\n\n${renderRoutes(routes, [...order, variants.reference])}\n`;
  const resultsFile = path.join(benchDir, "RESULTS.md");
  const existing = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8") : "";
  fs.writeFileSync(resultsFile, updateResultsMarkdown(existing, renderResultsMarkdown(meta, metrics, note)));
  console.log("[bench] wrote bench/RESULTS.md");
}

function versions() {
  const read = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
    } catch {
      return "unknown";
    }
  };
  const modules = path.join(benchDir, "node_modules");
  const plugin = fs.realpathSync(path.join(modules, "@cloudflare/vite-plugin"));
  const miniflare = fs.realpathSync(path.join(plugin, "../../miniflare"));
  return {
    vite: read(path.join(modules, "vite")),
    cloudflareVitePlugin: read(plugin),
    wrangler: read(path.join(modules, "wrangler")),
    miniflare: read(miniflare),
    workerd: read(path.join(miniflare, "../workerd")),
    autocannon: read(path.join(modules, "autocannon")),
  };
}

function gitCommit() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: benchDir, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "../packages"], { cwd: benchDir, encoding: "utf8" });
    return dirty.trim() ? `${head} (with uncommitted changes in packages/)` : head;
  } catch {
    return "unknown";
  }
}
