/**
 * `pnpm bench:deps`: cold start and edit → response of a worker whose weight is its dependencies
 * (Hono + zod; React + react-dom/server streaming), with Kindling pre-bundling them (the default
 * since session 22), with Kindling leaving them to Node (as before), and with @cloudflare/vite-plugin.
 * Settings from the environment: DEPS_APPS, DEPS_VARIANTS, DEPS_EDITS, DEPS_COLD_RUNS.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDir, nextToken, writeInPlace } from "../lib/apps.mjs";
import { envList, envWholeNumber, stopServersOnExit } from "../lib/env.mjs";
import { sleep } from "../lib/http.mjs";
import { attempt, keepAliveAgent, reloadOnce, withServer } from "../lib/serve.mjs";
import { summarize } from "../lib/stats.mjs";
import { apps, tokenFile, tokenSource } from "./apps.mjs";

stopServersOnExit();

const appNames = envList("DEPS_APPS", Object.keys(apps).join(","));
const variantNames = envList("DEPS_VARIANTS", "kindling,kindling-external,cloudflare");
const edits = envWholeNumber("DEPS_EDITS", 10);
const coldRuns = envWholeNumber("DEPS_COLD_RUNS", 2);

const configs = {
  kindling: path.join(benchDir, "app", "vite.kindling.config.mjs"),
  "kindling-external": path.join(benchDir, "deps", "vite.kindling-external.config.mjs"),
  cloudflare: path.join(benchDir, "app", "vite.cloudflare.config.mjs"),
};
for (const name of appNames) if (!apps[name]) throw new Error(`[bench] DEPS_APPS: unknown app "${name}".`);
for (const name of variantNames) if (!configs[name]) throw new Error(`[bench] DEPS_VARIANTS: unknown variant "${name}".`);

/** A fresh copy under bench/.tmp (node_modules resolve from bench/'s own), Vite's cache empty. */
function prepare(appName, variantName) {
  const name = `deps-${appName}-${variantName}`;
  const root = path.join(benchDir, ".tmp", name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, "src"), { recursive: true });
  fs.copyFileSync(configs[variantName], path.join(root, "vite.config.mjs"));
  fs.writeFileSync(
    path.join(root, "wrangler.jsonc"),
    JSON.stringify({ name: appName, main: "src/index.ts", compatibility_date: "2026-10-01" }),
  );
  for (const [file, source] of Object.entries(apps[appName])) fs.writeFileSync(path.join(root, file), source);
  fs.writeFileSync(path.join(root, tokenFile), tokenSource("start-token"));
  return { name, config: "vite.config.mjs", root, isReady: (body) => body.includes("start-token") || body.includes("tok-") };
}

const results = [];
console.log(`[bench] deps: apps ${appNames.join(", ")}; ${edits} edits; load ${os.loadavg().map((l) => l.toFixed(2))}`);
for (const appName of appNames) {
  for (const variantName of variantNames) {
    const variant = prepare(appName, variantName);
    const row = { app: appName, variant: variantName, coldFirst: undefined, cold: [], reload: [] };
    const edit = { file: tokenFile, write: (root, token) => writeInPlace(path.join(root, tokenFile), tokenSource(token)) };
    for (let run = 0; run <= coldRuns; run++) {
      const outcome = await attempt(`${variant.name} session ${run}`, () =>
        withServer(variant, async (server, timings) => {
          // The first start has an empty Vite cache (dependencies optimized, for the variants that do).
          if (run === 0) row.coldFirst = timings.firstOkMs;
          else row.cold.push(timings.firstOkMs);
          if (run !== coldRuns) return;
          await sleep(1_000);
          const agent = keepAliveAgent();
          try {
            for (let i = 0; i < edits; i++) {
              row.reload.push(await reloadOnce(server, edit, nextToken("tok"), agent));
              await sleep(300);
            }
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

function formatRow(row) {
  const m = (samples) => summarize(samples);
  const f = (s) => (s === undefined ? "n/a" : `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}–${s.max.toFixed(0)})`);
  return (
    `[bench] ${row.app.padEnd(9)} ${row.variant.padEnd(17)} reload ${f(m(row.reload))}, ` +
    `cold start ${f(m(row.cold))}, first start (empty cache) ${row.coldFirst === undefined ? "n/a" : `${row.coldFirst.toFixed(0)} ms`}` +
    (row.failed ? ` FAILED: ${row.failed}` : "")
  );
}

const out = path.join(benchDir, ".tmp", `deps-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
fs.writeFileSync(out, JSON.stringify({ loadavg: os.loadavg(), edits, results }, null, 2) + "\n");
console.log(`[bench] wrote ${path.relative(process.cwd(), out)}`);
