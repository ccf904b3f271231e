/** Where binding state lives: the one rule shared by the plugin and the `kindling` CLI. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Default of the `persist` option and of the CLI's `--persist-to`, relative to the project root. */
export const defaultPersistDir = ".kindling/state";

/** The absolute state directory for `persist` (a directory relative to `root`), or false for in-memory state. */
export function resolvePersistDir(root: string, persist: string | false): string | false {
  return persist === false ? false : path.resolve(root, persist);
}

/**
 * The state directory behind `persist: false`: this dev server's alone, in RAM (/dev/shm) when the
 * machine has it, removed when the server stops. Every generation sees the same state, so it
 * survives edits, but not restarts.
 */
export function createEphemeralStateDir(): { dir: string; remove(): void } {
  const base = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, "kindling-state-"));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
