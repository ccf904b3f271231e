/**
 * The differential conformance suite against the golden files (answers recorded from workerd
 * through `@cloudflare/vite-plugin`, see conformance/README.md): every fixture runs on a real
 * Kindling `vite dev`, and each probe must answer as workerd did, unless it is listed in
 * conformance/known-differences.json; a listed probe that now matches fails too, so the list
 * stays true. No workerd is needed here.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compareRuns, listProblems, probeIds, rowProblems, type ProbeRow } from "../conformance/lib/compare.mjs";
import { listFixtures } from "../conformance/lib/fixtures.mjs";
import { knownDifferencesFile, outputDir } from "../conformance/lib/paths.mjs";
import { killStartedGroups } from "../conformance/lib/process-group.mjs";
import { writeReport } from "../conformance/lib/report.mjs";
import { runFixtures } from "../conformance/lib/run-fixtures.mjs";
import { readGolden, readKnownDifferences, readOverrides, sourceHash } from "../conformance/lib/store.mjs";

const { meta, run: golden } = readGolden();
const known = readKnownDifferences();
const overrides = readOverrides();
const rows: ProbeRow[] = [];

afterAll(() => {
  killStartedGroups();
  // For whoever looks into a failure: the same report `pnpm conformance:check` writes.
  writeReport(path.join(outputDir, "golden-report"), rows, {
    title: "Kindling vs the golden files (e2e/conformance.test.ts)",
    command: "pnpm vitest run --project e2e e2e/conformance.test.ts",
    oracle: meta.oracle,
    kindling: "this work tree",
  });
});

test("the golden files were recorded from the current probes and fixtures", () => {
  expect(meta.sourceHash, "probes, harness or fixtures changed since recording: run `pnpm conformance:record`").toBe(
    sourceHash(),
  );
  expect(Object.keys(golden).toSorted()).toEqual(listFixtures().map((fixture) => fixture.name));
});

test("the known differences are listed for the Node.js major that runs the tests", () => {
  expect(
    fs.existsSync(knownDifferencesFile),
    `no conformance/${path.basename(knownDifferencesFile)} for Node ${process.versions.node}: run \`pnpm conformance:check --update-known\` on it and give every entry its category and reason`,
  ).toBe(true);
});

test("known-differences.json and production-overrides.json name existing probes, with a category and a reason", () => {
  expect(listProblems(probeIds(golden), known, overrides)).toEqual([]);
});

describe.each(listFixtures().map((fixture) => [fixture.name, fixture] as const))("fixture %s", (_name, fixture) => {
  // Each fixture starts one dev server and runs up to ~400 probes: ~2-15 s alone, more on a loaded machine.
  test("every probe answers as workerd did, except the known differences", { timeout: 240_000 }, async () => {
    const kindling = await runFixtures({ fixtures: [fixture], side: "kindling" });
    const fixtureRows = compareRuns({ [fixture.name]: golden[fixture.name] ?? {} }, kindling, known, overrides);
    rows.push(...fixtureRows);
    expect(rowProblems(fixtureRows, kindling)).toEqual([]);
  });
});
