// @ts-check
/** Where the suite's files are. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const conformanceDir = path.resolve(fileURLToPath(import.meta.url), "../..");
export const repoDir = path.dirname(conformanceDir);
export const fixturesDir = path.join(conformanceDir, "fixtures");
export const goldenDir = path.join(conformanceDir, "golden");
/**
 * The known differences depend on the Node.js that runs Kindling (user code sees its JavaScript
 * built-ins): `known-differences.json` for Node 20, `known-differences.node<major>.json` for others.
 */
const nodeMajor = Number(process.versions.node.split(".")[0]);
export const knownDifferencesFile = path.join(
  conformanceDir,
  nodeMajor === 20 ? "known-differences.json" : `known-differences.node${nodeMajor}.json`,
);
export const overridesFile = path.join(conformanceDir, "production-overrides.json");
/** Staged copies of fixtures for Kindling (gitignored). */
export const outputDir = path.join(conformanceDir, ".output");
