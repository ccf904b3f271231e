// @ts-check
/**
 * The oracle: `@cloudflare/vite-plugin` + `vite` at the versions pinned in conformance/oracle.json,
 * installed with npm into a folder of their own outside the pnpm workspace (not committed).
 * `KINDLING_ORACLE_DIR` picks the folder; the default is under ~/.cache.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { conformanceDir } from "./paths.mjs";

/** @returns {Record<string, string>} package name -> exact version */
export function oracleVersions() {
  return JSON.parse(fs.readFileSync(path.join(conformanceDir, "oracle.json"), "utf8")).dependencies;
}

export function oracleDir() {
  if (process.env.KINDLING_ORACLE_DIR) return path.resolve(process.env.KINDLING_ORACLE_DIR);
  const tag = Object.entries(oracleVersions())
    .map(([name, version]) => `${name.replace(/^@.*\//, "")}-${version}`)
    .join("_");
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "kindling-conformance", tag);
}

/**
 * Version of `name` installed in `dir`, or undefined.
 * @param {string} dir
 * @param {string} name
 * @returns {string | undefined}
 */
function installedVersion(dir, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

/** Installs the oracle unless the pinned versions are there already; returns its folder. */
export function ensureOracle() {
  const dir = oracleDir();
  const wanted = oracleVersions();
  const missing = Object.entries(wanted).filter(([name, version]) => installedVersion(dir, name) !== version);
  if (missing.length === 0) return dir;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "kindling-conformance-oracle", private: true, type: "module" }, null, 2),
  );
  const specs = Object.entries(wanted).map(([name, version]) => `${name}@${version}`);
  console.log(`[conformance] installing the oracle (${specs.join(", ")}) into ${dir} ...`);
  execFileSync("npm", ["install", "--save-exact", "--no-audit", "--no-fund", "--loglevel=error", ...specs], {
    cwd: dir,
    stdio: "inherit",
    timeout: 600_000,
  });
  for (const [name, version] of Object.entries(wanted)) {
    const got = installedVersion(dir, name);
    if (got !== version)
      throw new Error(`[conformance] npm installed ${name}@${got} into ${dir}, not ${version}. Delete that folder and retry.`);
  }
  return dir;
}

/** Versions that decide the oracle's behaviour, for the golden files' header. */
export function describeOracle(/** @type {string} */ dir) {
  return {
    vite: installedVersion(dir, "vite"),
    "@cloudflare/vite-plugin": installedVersion(dir, "@cloudflare/vite-plugin"),
    miniflare: installedVersion(dir, "miniflare"),
    workerd: installedVersion(dir, "workerd"),
    wrangler: installedVersion(dir, "wrangler"),
  };
}
