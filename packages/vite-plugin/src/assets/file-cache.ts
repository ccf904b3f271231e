/**
 * What the asset server asks the disk on every request — is this path a file, what does this rule
 * file say, what is this file's hash — answered from memory until Vite's watcher reports a change
 * under the path (as Vite keeps its list of public files). Without a watcher (`server.watch: null`,
 * `vite preview`, tests) every question goes to the disk.
 */
import fs from "node:fs";
import path from "node:path";
import type { FSWatcher } from "vite";

export interface FileFacts {
  /** The file's stats if it is a regular file, else undefined (never throws). */
  file(file: string): fs.Stats | undefined;
  /** The file's UTF-8 text, or undefined when it cannot be read. */
  text(file: string): string | undefined;
  /**
   * Changes whenever an answer may have changed (a watched file changed); undefined when answers
   * are not remembered, so nothing derived from them may be either.
   */
  readonly version?: number;
}

/** Straight to the disk. */
export const diskFacts: FileFacts = { file: statFile, text: readText };

export class CachedFileFacts implements FileFacts {
  #files = new Map<string, fs.Stats | undefined>();
  #texts = new Map<string, string | undefined>();
  #version = 0;
  #onEvent = (event: string, file: string) => {
    this.#version++;
    // A folder added, removed or renamed changes every path under it: forget everything.
    if (event === "addDir" || event === "unlinkDir") return this.clear();
    const key = path.resolve(file);
    this.#files.delete(key);
    this.#texts.delete(key);
  };

  /** The watcher lives as long as the dev server, and so does this cache. */
  constructor(watcher: FSWatcher) {
    watcher.on("all", this.#onEvent);
  }

  get version(): number {
    return this.#version;
  }

  file(file: string): fs.Stats | undefined {
    if (this.#files.has(file)) return this.#files.get(file);
    const stats = statFile(file);
    this.#files.set(file, stats);
    return stats;
  }

  text(file: string): string | undefined {
    if (this.#texts.has(file)) return this.#texts.get(file);
    const text = readText(file);
    this.#texts.set(file, text);
    return text;
  }

  clear(): void {
    this.#version++;
    this.#files.clear();
    this.#texts.clear();
  }
}

function statFile(file: string): fs.Stats | undefined {
  try {
    // No exception for a missing file (most lookups miss): building one costs more than the stat.
    const stats = fs.statSync(file, { throwIfNoEntry: false });
    return stats?.isFile() ? stats : undefined;
  } catch {
    return undefined; // ENOTDIR, EACCES, a name too long: not a file we can serve
  }
}

function readText(file: string): string | undefined {
  if (!statFile(file)) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
