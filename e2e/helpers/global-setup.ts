/** Clears the fixture copies of earlier runs (kept after a run so a failure can be looked at). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  fs.rmSync(path.resolve(fileURLToPath(import.meta.url), "../../.output/tmp"), { recursive: true, force: true });
}
