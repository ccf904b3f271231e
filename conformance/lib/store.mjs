// @ts-check
/**
 * The committed files: golden answers (one JSON per fixture plus golden/oracle.json, which says
 * which oracle recorded them from which probe sources) and known-differences.json.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { conformanceDir, goldenDir, knownDifferencesFile, overridesFile } from "./paths.mjs";

const metaFile = path.join(goldenDir, "oracle.json");

/** A hash of everything that decides what the probes report: harness, probes, fixtures (not their unit tests). */
export function sourceHash() {
  const hash = crypto.createHash("sha256");
  for (const folder of ["harness", "probes", "fixtures"]) {
    for (const file of listFiles(path.join(conformanceDir, folder)).filter((f) => !f.endsWith(".test.ts"))) {
      hash.update(path.relative(conformanceDir, file).split(path.sep).join("/"));
      hash.update("\0");
      hash.update(fs.readFileSync(file));
      hash.update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
}

function listFiles(/** @type {string} */ dir) {
  /** @type {string[]} */
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).toSorted((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(full));
    else files.push(full);
  }
  return files;
}

/** @returns {{ meta: { recordedAt: string, sourceHash: string, oracle: Record<string, string | undefined> }, run: import("./compare.mjs").Run }} */
export function readGolden() {
  if (!fs.existsSync(metaFile))
    throw new Error("[conformance] No golden files in conformance/golden. Record them with `pnpm conformance:record`.");
  const meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
  /** @type {import("./compare.mjs").Run} */
  const run = {};
  for (const file of fs.readdirSync(goldenDir).toSorted()) {
    if (!file.endsWith(".json") || file === "oracle.json") continue;
    run[file.slice(0, -".json".length)] = JSON.parse(fs.readFileSync(path.join(goldenDir, file), "utf8")).routes;
  }
  return { meta, run };
}

/**
 * Replaces the golden files with `run`.
 * @param {import("./compare.mjs").Run} run
 * @param {Record<string, string | undefined>} oracle
 */
export function writeGolden(run, oracle) {
  fs.rmSync(goldenDir, { recursive: true, force: true });
  fs.mkdirSync(goldenDir, { recursive: true });
  for (const [fixture, routes] of Object.entries(run)) {
    fs.writeFileSync(path.join(goldenDir, `${fixture}.json`), `${JSON.stringify({ routes }, null, 2)}\n`);
  }
  const meta = { recordedAt: new Date().toISOString().slice(0, 10), sourceHash: sourceHash(), oracle };
  fs.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
}

/** @returns {Record<string, import("./compare.mjs").KnownDifference>} */
export function readKnownDifferences() {
  if (!fs.existsSync(knownDifferencesFile)) return {};
  return JSON.parse(fs.readFileSync(knownDifferencesFile, "utf8"));
}

/** Writes the list sorted, one entry per line (so that diffs show one probe per line). */
export function writeKnownDifferences(/** @type {Record<string, import("./compare.mjs").KnownDifference>} */ known) {
  const ids = Object.keys(known).toSorted();
  const lines = ids.map((id, i) => `  ${JSON.stringify(id)}: ${JSON.stringify(known[id])}${i < ids.length - 1 ? "," : ""}`);
  fs.writeFileSync(knownDifferencesFile, `{\n${lines.join("\n")}\n}\n`);
}

/** @returns {Record<string, import("./compare.mjs").ProductionOverride>} */
export function readOverrides() {
  if (!fs.existsSync(overridesFile)) return {};
  return JSON.parse(fs.readFileSync(overridesFile, "utf8"));
}
