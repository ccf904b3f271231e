// @ts-check
/**
 * Runs fixtures on one side: stages each, starts its server, requests its routes, stops it.
 * Servers run one at a time (two cores are shared with other work).
 */
import fs from "node:fs";
import path from "node:path";
import { collectFixture } from "./collect.mjs";
import { startEchoServer } from "./echo-server.mjs";
import { stageFixture } from "./fixtures.mjs";
import { outputDir } from "./paths.mjs";
import { kindlingViteBin, startMiniflare, startVite } from "./servers.mjs";

/**
 * @param {{ fixtures: import("./fixtures.mjs").Fixture[], side: "kindling" | "oracle", oracleDir?: string, log?: (line: string) => void }} options
 * @returns {Promise<import("./compare.mjs").Run>}
 */
export async function runFixtures({ fixtures, side, oracleDir, log = () => {} }) {
  if (side === "oracle" && !oracleDir) throw new Error("[conformance] internal: the oracle side needs oracleDir.");
  // The oracle's copies live inside its install so that `@cloudflare/vite-plugin` resolves.
  const parent = side === "oracle" ? path.join(/** @type {string} */ (oracleDir), "apps") : path.join(outputDir, "kindling");
  const echo = await startEchoServer();
  /** @type {import("./compare.mjs").Run} */
  const run = {};
  try {
    for (const fixture of fixtures) {
      const started = Date.now();
      const root = stageFixture(fixture, { parent, plugin: side });
      const label = `${side} dev server for fixture "${fixture.name}" (${root})`;
      const server =
        side === "oracle" && fixture.spec.oracle === "miniflare"
          ? await startMiniflare({ root, oracleDir: /** @type {string} */ (oracleDir), label })
          : await startVite({
              root,
              viteBin: side === "oracle" ? oracleViteBin(/** @type {string} */ (oracleDir)) : kindlingViteBin(),
              label,
            });
      try {
        run[fixture.name] = await collectFixture(fixture, server.url, echo.url);
      } finally {
        await server.stop();
      }
      fs.rmSync(root, { recursive: true, force: true });
      log(`${side}: ${fixture.name} in ${Date.now() - started} ms`);
    }
  } finally {
    await echo.close();
  }
  return run;
}

function oracleViteBin(/** @type {string} */ oracleDir) {
  return path.join(oracleDir, "node_modules/vite/bin/vite.js");
}
