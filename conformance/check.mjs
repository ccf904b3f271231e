// @ts-check
/**
 * `pnpm conformance:check [--update-known]`: what the golden test does, from the command line:
 * runs Kindling on every fixture, compares with the golden files, prints what does not add up,
 * and writes .output/golden-report.{md,json}. With `--update-known`, rewrites
 * known-differences.json: drops entries that now match, adds new differences as "not fixed yet"
 * with a "TODO" reason (which the golden test refuses until someone writes the reason).
 */
import path from "node:path";
import { fixtureArgs, kindlingVersion, log, printSummary, stopServersOnExit } from "./lib/cli.mjs";
import { compareRuns, listProblems, probeIds, rowProblems } from "./lib/compare.mjs";
import { listFixtures } from "./lib/fixtures.mjs";
import { outputDir } from "./lib/paths.mjs";
import { writeReport } from "./lib/report.mjs";
import { runFixtures } from "./lib/run-fixtures.mjs";
import { readGolden, readKnownDifferences, readOverrides, sourceHash, writeKnownDifferences } from "./lib/store.mjs";

stopServersOnExit();
const { meta, run: golden } = readGolden();
if (meta.sourceHash !== sourceHash())
  log("warning: probes or fixtures changed since the golden files were recorded; run `pnpm conformance:record`.");
const only = fixtureArgs();
const fixtures = listFixtures(only);
const kindling = await runFixtures({ fixtures, side: "kindling", log });
const expected = Object.fromEntries(fixtures.map((f) => [f.name, golden[f.name] ?? {}]));
const known = readKnownDifferences();
const overrides = readOverrides();
const rows = compareRuns(expected, kindling, known, overrides);
writeReport(path.join(outputDir, "golden-report"), rows, {
  title: "Kindling vs the golden files",
  command: "pnpm conformance:check",
  oracle: meta.oracle,
  kindling: kindlingVersion(),
});
printSummary(rows);

if (process.argv.includes("--update-known")) {
  const next = { ...known };
  for (const row of rows) {
    if (row.same) delete next[row.id];
    else next[row.id] ??= { category: "not fixed yet", why: "TODO: triage" };
  }
  writeKnownDifferences(next);
  log("rewrote known-differences.json; give every TODO entry its category and reason");
}

const problems = [
  ...rowProblems(rows, kindling),
  ...(only.length === 0 ? listProblems(probeIds(golden), readKnownDifferences(), overrides) : []),
];
for (const problem of problems) console.log(problem);
log(problems.length === 0 ? "no problems" : `${problems.length} problem(s)`);
process.exitCode = problems.length === 0 ? 0 : 1;
