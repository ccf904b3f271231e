// @ts-check
/**
 * `pnpm conformance:live [fixture ...]`: runs every fixture on the oracle (`@cloudflare/vite-plugin`,
 * installed on first use) and on Kindling, compares them probe by probe, and writes
 * conformance/REPORT.md and report.json (with fixture names: .output/live-report.*).
 */
import path from "node:path";
import { fixtureArgs, kindlingVersion, log, printSummary, stopServersOnExit } from "./lib/cli.mjs";
import { canonical, compareRuns, probeId } from "./lib/compare.mjs";
import { listFixtures } from "./lib/fixtures.mjs";
import { describeOracle, ensureOracle } from "./lib/oracle.mjs";
import { conformanceDir, outputDir } from "./lib/paths.mjs";
import { writeReport } from "./lib/report.mjs";
import { runFixtures } from "./lib/run-fixtures.mjs";
import { readGolden, readKnownDifferences, readOverrides } from "./lib/store.mjs";

stopServersOnExit();
const only = fixtureArgs();
const fixtures = listFixtures(only);
const oracleDir = ensureOracle();
const started = Date.now();
const oracle = await runFixtures({ fixtures, side: "oracle", oracleDir, log });
const kindling = await runFixtures({ fixtures, side: "kindling", log });
const rows = compareRuns(oracle, kindling, readKnownDifferences(), readOverrides());

const notes = [];
const drift = goldenDrift(oracle);
if (drift.length > 0) {
  notes.push(
    `**${drift.length} probes answered differently from the golden files** (re-record with \`pnpm conformance:record\` if the oracle changed): ${drift.slice(0, 20).join(", ")}${drift.length > 20 ? ", ..." : ""}`,
  );
}
const base = only.length > 0 ? path.join(outputDir, "live-report") : path.join(conformanceDir, "REPORT");
writeReport(base, rows, {
  title: "Kindling vs workerd: differential conformance report",
  command: `pnpm conformance:live${only.length > 0 ? ` ${only.join(" ")}` : ""}`,
  oracle: describeOracle(oracleDir),
  kindling: kindlingVersion(),
  notes,
});
printSummary(rows);
for (const line of drift) log(`oracle differs from the golden files: ${line}`);
log(`wrote ${path.relative(process.cwd(), base)}.md and .json in ${Math.round((Date.now() - started) / 1000)} s`);

/** Probes whose live oracle answer is not the recorded one. */
function goldenDrift(/** @type {import("./lib/compare.mjs").Run} */ live) {
  let golden;
  try {
    golden = readGolden().run;
  } catch {
    return [];
  }
  const ids = [];
  for (const [fixture, routes] of Object.entries(live)) {
    for (const [route, answer] of Object.entries(routes)) {
      const recorded = golden[fixture]?.[route];
      if (!("probes" in answer) || !recorded || !("probes" in recorded)) continue;
      for (const [probe, value] of Object.entries(answer.probes)) {
        if (canonical(value) !== canonical(recorded.probes[probe])) ids.push(probeId(fixture, route, probe));
      }
    }
  }
  return ids;
}
