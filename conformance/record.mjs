// @ts-check
/**
 * `pnpm conformance:record`: runs every fixture on the oracle twice and, if every route answered
 * and both runs agree probe by probe, writes the answers as the golden files (conformance/golden/).
 * Run it after changing probes or fixtures, or after upgrading the oracle in oracle.json.
 * `--once` skips the second run (and with it the check that probes are deterministic).
 */
import { fixtureArgs, log, stopServersOnExit } from "./lib/cli.mjs";
import { canonical, probeId } from "./lib/compare.mjs";
import { listFixtures } from "./lib/fixtures.mjs";
import { describeOracle, ensureOracle } from "./lib/oracle.mjs";
import { runFixtures } from "./lib/run-fixtures.mjs";
import { writeGolden } from "./lib/store.mjs";

stopServersOnExit();
if (fixtureArgs().length > 0)
  throw new Error("[conformance] record takes no fixture names: the golden files are recorded all at once.");
const fixtures = listFixtures();
const oracleDir = ensureOracle();
const first = await runFixtures({ fixtures, side: "oracle", oracleDir, log });

const failed = [];
for (const [fixture, routes] of Object.entries(first)) {
  for (const [route, answer] of Object.entries(routes)) {
    if (!("probes" in answer)) failed.push(`${fixture}/${route}: ${canonical(answer)}`);
  }
}
if (failed.length > 0) {
  throw new Error(
    `[conformance] The oracle could not answer ${failed.length} route(s); fix the fixture or probe module:\n${failed.join("\n")}`,
  );
}

if (!process.argv.includes("--once")) {
  log("second run, to find probes that answer differently each time ...");
  const second = await runFixtures({ fixtures, side: "oracle", oracleDir, log });
  const unstable = [];
  for (const [fixture, routes] of Object.entries(first)) {
    for (const [route, answer] of Object.entries(routes)) {
      const again = second[fixture]?.[route];
      if (!("probes" in answer) || !again || !("probes" in again)) continue;
      for (const [probe, value] of Object.entries(answer.probes)) {
        if (canonical(value) !== canonical(again.probes[probe])) {
          unstable.push(
            `${probeId(fixture, route, probe)}\n    first:  ${canonical(value)}\n    second: ${canonical(again.probes[probe])}`,
          );
        }
      }
    }
  }
  if (unstable.length > 0) {
    throw new Error(
      `[conformance] ${unstable.length} probe(s) answered differently in two runs; normalise what changes in the probe itself:\n${unstable.join("\n")}`,
    );
  }
}

writeGolden(first, describeOracle(oracleDir));
const count = Object.values(first).reduce(
  (sum, routes) => sum + Object.values(routes).reduce((n, a) => n + ("probes" in a ? Object.keys(a.probes).length : 0), 0),
  0,
);
log(`recorded ${count} probes of ${fixtures.length} fixtures into conformance/golden/`);
