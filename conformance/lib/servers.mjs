// @ts-check
/**
 * Dev servers the probes run on: `vite dev` with Kindling or with `@cloudflare/vite-plugin`, or
 * (for a service-worker-format fixture, which the official plugin refuses) the plugin's own
 * Miniflare/workerd. Loopback only, one process group each, every wait bounded.
 */
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { conformanceDir, repoDir } from "./paths.mjs";
import { spawnGroup } from "./process-group.mjs";

const startTimeoutMs = 90_000;

/** The Vite that Kindling's plugin is built and tested against. */
export function kindlingViteBin() {
  const require = createRequire(path.join(repoDir, "packages/vite-plugin/package.json"));
  return path.join(path.dirname(require.resolve("vite/package.json")), "bin/vite.js");
}

/** A free loopback port (Vite then takes it with --strictPort). */
export function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = /** @type {net.AddressInfo} */ (server.address());
        server.close(() => resolve(address.port));
      });
    })
  );
}

/**
 * `vite dev` in `root` (whose vite.config.mjs picks the plugin).
 * @param {{ root: string, viteBin: string, label: string }} options
 */
export async function startVite({ root, viteBin, label }) {
  const port = await freePort();
  const server = spawnGroup({
    command: process.execPath,
    args: [viteBin, "dev", "--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    cwd: root,
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", BROWSER: "none" },
    readyPattern: /Local:\s+http:\/\/127\.0\.0\.1:\d+/,
    timeoutMs: startTimeoutMs,
    label,
  });
  try {
    await server.ready;
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, output: server.output, stop: server.stop };
}

/**
 * The oracle's Miniflare (same workerd as its Vite plugin) on a service-worker-format script.
 * @param {{ root: string, oracleDir: string, label: string }} options
 */
export async function startMiniflare({ root, oracleDir, label }) {
  const server = spawnGroup({
    command: process.execPath,
    args: [path.join(conformanceDir, "lib/miniflare-server.mjs"), oracleDir],
    cwd: root,
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    readyPattern: /^ready (http:\/\/127\.0\.0\.1:\d+)/m,
    timeoutMs: startTimeoutMs,
    label,
  });
  let match;
  try {
    match = await server.ready;
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url: /** @type {string} */ (match[1]), output: server.output, stop: server.stop };
}
