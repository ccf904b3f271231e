/**
 * The content of each source file the worker's environments loaded, so that a watcher event for
 * a file rewritten with the same bytes (a framework's generator, `touch`, a save without edit)
 * builds no generation: only an edit does.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export class SourceVersions {
  readonly #hashes = new Map<string, string>();

  /** Vite transformed `id` for a worker environment: the next generation runs this content. */
  loaded(id: string): void {
    const file = fileOf(id);
    if (!file) return;
    const hash = hashOf(file);
    if (hash !== undefined) this.#hashes.set(file, hash);
  }

  /** Whether `file` differs from the content last loaded or seen (true when that is unknown); remembers it. */
  changed(file: string): boolean {
    const before = this.#hashes.get(file);
    const now = hashOf(file);
    if (now === undefined) this.#hashes.delete(file);
    else this.#hashes.set(file, now);
    return now === undefined || before !== now;
  }
}

/** A user source file behind a module id (not a virtual module, not a dependency). */
function fileOf(id: string): string | undefined {
  const file = id.replace(/[?#].*$/s, "");
  if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
  return path.normalize(file);
}

function hashOf(file: string): string | undefined {
  try {
    return crypto.createHash("sha1").update(fs.readFileSync(file)).digest("base64");
  } catch {
    return undefined; // gone, or not a file
  }
}
