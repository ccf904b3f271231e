/**
 * `pnpm bench:scale`: reload and cold start against the size of the module graph, Kindling vs
 * @cloudflare/vite-plugin on the same generated app (bench/scale/generate.mjs), alternating
 * variants. Settings from the environment (see bench/README.md, "Scale").
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir, nextToken, writeInPlace } from "../lib/apps.mjs";
import { probeGroup } from "../lib/dev-server.mjs";
import { envList, envWholeNumber, stopServersOnExit } from "../lib/env.mjs";
import { sleep } from "../lib/http.mjs";
import { attempt, keepAliveAgent, reloadOnce, withServer } from "../lib/serve.mjs";
import { summarize } from "../lib/stats.mjs";
import { generateApp, leafHelperSource, leafSource, privateLeaf, sharedLeaf } from "./generate.mjs";

stopServersOnExit();

const sizes = envList("SCALE_SIZES", "50,500,2000,5000").map(Number);
const variantNames = envList("SCALE_VARIANTS", "kindling,cloudflare");
const edits = envWholeNumber("SCALE_EDITS", 5);
const coldRuns = envWholeNumber("SCALE_COLD_RUNS", 2);
const settleMs = envWholeNumber("SCALE_SETTLE_MS", 300);
const memoryReloads = envWholeNumber("SCALE_MEMORY_RELOADS", 0);
const memoryIdleMs = envWholeNumber("SCALE_MEMORY_IDLE_MS", 30_000);

const configs = { kindling: "vite.kindling.config.mjs", cloudflare: "vite.cloudflare.config.mjs" };
const labels = { kindling: "Kindling", cloudflare: "official" };
for (const name of variantNames) if (!configs[name]) throw new Error(`[bench] SCALE_VARIANTS: unknown variant "${name}".`);

function prepare(variantName, modules) {
  const name = `scale-${variantName}-${modules}`;
  const root = path.join(benchDir, ".tmp", name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.copyFileSync(path.join(benchDir, "app", configs[variantName]), path.join(root, configs[variantName]));
  fs.writeFileSync(
    path.join(root, "wrangler.jsonc"),
    JSON.stringify({ name: "scale", main: "src/index.ts", compatibility_date: "2026-10-01" }, null, 2),
  );
  const shape = generateApp(root, modules);
  return { name, config: configs[variantName], label: labels[variantName], root, shape, isReady: (b) => b.includes("shared-") };
}

const leafEdits = (variant) => ({
  shared: { file: sharedLeaf, write: (root, token) => writeInPlace(path.join(root, sharedLeaf), leafSource(token)) },
  private: {
    file: privateLeaf(variant.shape),
    write: (root, token) =>
      writeInPlace(path.join(root, privateLeaf(variant.shape)), leafHelperSource(0, variant.shape.helpers[0], token)),
  },
});

const results = [];
console.log(`[bench] scale: sizes ${sizes.join(", ")}; ${edits} edits per leaf; load ${os.loadavg().map((l) => l.toFixed(2))}`);
for (const modules of sizes) {
  for (const variantName of variantNames) {
    const variant = prepare(variantName, modules);
    const row = { variant: variantName, modules: variant.shape.total, cold: [], shared: [], private: [] };
    for (let run = 0; run <= coldRuns; run++) {
      const outcome = await attempt(`${variant.name} session ${run}`, () =>
        withServer(variant, async (server, timings) => {
          // The first start fills Vite's dependency cache and the OS page cache: not recorded.
          if (run > 0) row.cold.push(timings.firstOkMs);
          if (run !== coldRuns) return;
          await sleep(1_000);
          const agent = keepAliveAgent();
          try {
            for (const [kind, edit] of Object.entries(leafEdits(variant))) {
              for (let i = 0; i < edits; i++) {
                const token = nextToken(kind === "shared" ? "shared" : "privat");
                row[kind].push(await reloadOnce(server, edit, token, agent));
                await sleep(settleMs);
              }
            }
            if (memoryReloads > 0) Object.assign(row, await memoryGrowth(server, leafEdits(variant).shared, agent));
          } finally {
            agent.destroy();
          }
        }),
      );
      if (!outcome.ok) row.failed = outcome.reason;
    }
    results.push(row);
    console.log(formatRow(row));
  }
}

/**
 * RSS of the server's process group before and after `memoryReloads` shared-leaf reloads (threads
 * settled), and again once the server has been idle for `memoryIdleMs`: V8 grows a busy heap ahead
 * of its live size and gives the pages back once allocation stops.
 */
async function memoryGrowth(server, edit, agent) {
  const before = await settledRss(server.pid);
  const times = [];
  for (let i = 0; i < memoryReloads; i++) times.push(await reloadOnce(server, edit, nextToken("memory"), agent));
  const after = await settledRss(server.pid);
  await sleep(memoryIdleMs);
  const idle = probeGroup(server.pid).rssMiB;
  return { rssStartMiB: before, rssAfterMiB: after, rssIdleMiB: idle, memoryReloads, memoryReloadMs: summarize(times)?.median };
}

async function settledRss(pgid) {
  let last = probeGroup(pgid);
  for (let stable = 0, i = 0; stable < 5 && i < 75; i++) {
    await sleep(200);
    const next = probeGroup(pgid);
    stable = next.threads === last.threads ? stable + 1 : 0;
    last = next;
  }
  return last.rssMiB;
}

// A declaration (hoisted): the loop above prints rows before this line runs.
function signed(value) {
  return `${value >= 0 ? "+" : ""}${value.toFixed(0)}`;
}

function formatRow(row) {
  const m = (samples) => summarize(samples)?.median;
  const f = (v) => (v === undefined ? "n/a" : `${v.toFixed(0)} ms`);
  const perModule = (v) => (v === undefined ? "" : ` (${((v / row.modules) * 1000).toFixed(0)} µs/module)`);
  return (
    `[bench] ${labels[row.variant].padEnd(8)} ${String(row.modules).padStart(5)} modules: ` +
    `shared leaf ${f(m(row.shared))}${perModule(m(row.shared))}, private leaf ${f(m(row.private))}, ` +
    `cold start ${f(m(row.cold))}` +
    (row.memoryReloads
      ? `; RSS ${row.rssStartMiB.toFixed(0)} -> ${row.rssAfterMiB.toFixed(0)} MiB after ${row.memoryReloads} reloads ` +
        `(${signed(row.rssAfterMiB - row.rssStartMiB)} MiB, reload median ${f(row.memoryReloadMs)}); ` +
        `${row.rssIdleMiB.toFixed(0)} MiB (${signed(row.rssIdleMiB - row.rssStartMiB)} MiB) after ${memoryIdleMs / 1000} s idle`
      : "") +
    (row.failed ? ` FAILED: ${row.failed}` : "")
  );
}

const out = path.join(benchDir, ".tmp", `scale-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(out, JSON.stringify({ loadavg: os.loadavg(), sizes, edits, results }, null, 2) + "\n");
console.log(`[bench] wrote ${path.relative(process.cwd(), out)}`);
