/**
 * The variants under test and their copies of the bench app. Each variant gets its own copy under
 * bench/.tmp/<variant>/ (own Vite cache, own .wrangler / .kindling state), made fresh per run.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const benchDir = path.resolve(fileURLToPath(import.meta.url), "../..");
const appDir = path.join(benchDir, "app");
const tmpDir = path.join(benchDir, ".tmp");

const isApp = (body) => body.startsWith("entry-");

/** `isReady(body)` tells the answer of `/` once the server serves what is measured. */
export const variants = {
  kindling: { name: "kindling", label: "Kindling", config: "vite.kindling.config.mjs", isReady: isApp },
  cloudflare: { name: "cloudflare", label: "official", config: "vite.cloudflare.config.mjs", isReady: isApp },
  reference: {
    name: "reference",
    label: "plain Vite",
    config: "vite.reference.config.mjs",
    isReady: (body) => body === "hello",
  },
};

/** Fresh copies of the app, one per variant. */
export function prepareCopies() {
  for (const variant of Object.values(variants)) {
    const root = rootOf(variant);
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    fs.cpSync(appDir, root, { recursive: true });
  }
}

export function rootOf(variant) {
  return path.join(tmpDir, variant.name);
}

/** Vite's cache dir of a copy (`cacheDir: ".vite"` in every config). */
export function cacheDirOf(variant) {
  return path.join(rootOf(variant), ".vite");
}

const deepFile = "src/lib/deep/value.ts";
const entryFile = "src/index.ts";

/**
 * Saves a file in place with one write() at offset 0, then trims it: the file is never seen empty.
 * (writeFileSync truncates first; under CPU contention a watcher could read the empty file.)
 */
export function writeInPlace(file, content) {
  const bytes = Buffer.from(content);
  const fd = fs.openSync(file, "r+");
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
    fs.ftruncateSync(fd, bytes.length);
  } finally {
    fs.closeSync(fd);
  }
}

/** The files a reload sample edits, and how to put a token into each. */
export const edits = {
  deep: {
    file: deepFile,
    write: (root, token) => writeInPlace(path.join(root, deepFile), `export const value = "${token}";\n`),
  },
  entry: {
    file: entryFile,
    write(root, token) {
      const full = path.join(root, entryFile);
      const before = fs.readFileSync(full, "utf8");
      const after = before.replace(/const entryVersion = "[^"]*";/, `const entryVersion = "${token}";`);
      if (after === before) throw new Error(`[bench] ${entryFile}: entryVersion not found or unchanged.`);
      writeInPlace(full, after);
    },
  },
};

let tokens = 0;
/** A new token of fixed width, so that successive saves of a file keep its length. */
export function nextToken(kind) {
  return `${kind}-${String(++tokens).padStart(6, "0")}`;
}
