/**
 * Clears the fixture copies of earlier runs (kept after a run so a failure can be looked at), and
 * bundles the runtime's thread again when `tsc -b` rebuilt dist/ after it (servers run the bundle).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const runtime = path.resolve(fileURLToPath(import.meta.url), "../../../packages/runtime");

export default function setup(): void {
  fs.rmSync(path.resolve(fileURLToPath(import.meta.url), "../../.output/tmp"), { recursive: true, force: true });
  if (threadBundleStale())
    execFileSync(process.execPath, [path.join(runtime, "scripts/bundle-thread.mjs")], { stdio: "inherit" });
}

/** Whether a file of dist/ is newer than the thread bundle made from it (or there is none). */
function threadBundleStale(): boolean {
  const dist = path.join(runtime, "dist");
  const bundle = path.join(dist, "thread-bundle/thread/entry.js");
  if (!fs.existsSync(bundle)) return fs.existsSync(dist);
  const built = fs.statSync(bundle).mtimeMs;
  const newer = (dir: string): boolean =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== "thread-bundle" && newer(file);
      return entry.name.endsWith(".js") && fs.statSync(file).mtimeMs > built;
    });
  return newer(dist);
}
