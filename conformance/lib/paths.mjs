// @ts-check
/** Where the suite's files are. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const conformanceDir = path.resolve(fileURLToPath(import.meta.url), "../..");
export const repoDir = path.dirname(conformanceDir);
export const fixturesDir = path.join(conformanceDir, "fixtures");
export const goldenDir = path.join(conformanceDir, "golden");
export const knownDifferencesFile = path.join(conformanceDir, "known-differences.json");
export const overridesFile = path.join(conformanceDir, "production-overrides.json");
/** Staged copies of fixtures for Kindling (gitignored). */
export const outputDir = path.join(conformanceDir, ".output");
