/**
 * A throwaway Kindling app for the binding micro-benchmarks: a worker and its wrangler config in a
 * temp dir under bench/.tmp, served by `vite dev` in its own process group, stopped by that group.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { benchDir } from "./apps.mjs";

/** `viteConfig` replaces the default config (`kindling()`), e.g. to run the same app under `cloudflare()`. */
export async function startKindlingApp({ name, worker, wrangler, viteConfig }) {
  fs.mkdirSync(path.join(benchDir, ".tmp"), { recursive: true });
  const root = fs.mkdtempSync(path.join(benchDir, ".tmp", `${name}-`));
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "src/index.js"), worker);
  fs.writeFileSync(
    path.join(root, "wrangler.json"),
    JSON.stringify({ name, main: "src/index.js", compatibility_date: "2026-11-01", ...wrangler }),
  );
  fs.writeFileSync(
    path.join(root, "vite.config.mjs"),
    viteConfig ?? `import { kindling } from "@kindling/vite-plugin";\nexport default { plugins: [kindling()] };\n`,
  );
  const child = spawn(
    process.execPath,
    [path.join(benchDir, "node_modules/vite/bin/vite.js"), "dev", "--port", "0", "--host", "127.0.0.1"],
    {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await exited;
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    return { url: await waitForUrl(child, exited), pid: child.pid, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForUrl(child, exited) {
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite dev did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stripVTControlCharacters(output));
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then(() => reject(new Error(`vite dev exited:\n${output}`)));
  });
}
