// @ts-check
/** What the conformance commands share: logging, Kindling's version, stopping servers on Ctrl-C. */
import { execFileSync } from "node:child_process";
import { summarize } from "./compare.mjs";
import { repoDir } from "./paths.mjs";
import { killStartedGroups } from "./process-group.mjs";

export function log(/** @type {string} */ line) {
  console.log(`[conformance] ${line}`);
}

/** Stops every server this process started when it is interrupted or fails. */
export function stopServersOnExit() {
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.on(signal, () => {
      killStartedGroups();
      process.exit(130);
    });
  }
  process.on("exit", killStartedGroups);
}

/** The commit Kindling is at (with "+changes" when the work tree differs from it). */
export function kindlingVersion() {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoDir, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages"], { cwd: repoDir, encoding: "utf8" }).trim();
    return `commit ${commit}${dirty ? " + uncommitted changes in packages/" : ""}`;
  } catch {
    return "unknown commit";
  }
}

/** Fixture names given on the command line (arguments that are not flags). */
export function fixtureArgs() {
  return process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
}

/** The per-area table on the console. */
export function printSummary(/** @type {import("./compare.mjs").ProbeRow[]} */ rows) {
  const { areas, total } = summarize(rows);
  for (const a of areas)
    log(`${a.area.padEnd(36)} ${String(a.identical).padStart(4)} / ${String(a.probes).padStart(4)}  ${a.percent} %`);
  log(`${"all".padEnd(36)} ${String(total.identical).padStart(4)} / ${String(total.probes).padStart(4)}  ${total.percent} %`);
}
