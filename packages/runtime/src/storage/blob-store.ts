/**
 * Large values (R2 objects, big KV values, cached bodies) live in files named by a random id,
 * never by the user's key, so no key can point outside the state directory. A blob is durable
 * before its id is returned: written to a temp file, fsynced, renamed, and the directory fsynced.
 * Callers commit the row that references the id only after that, so a crash leaves at most an
 * unreferenced file, never a row pointing at a half-written value.
 */
import assert from "node:assert";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const idPattern = /^[0-9a-f]{32}$/;

export class BlobStore {
  readonly #dir: string;
  #dirReady = false;

  constructor(dir: string) {
    this.#dir = dir;
  }

  put(bytes: Uint8Array): string {
    const id = randomBytes(16).toString("hex");
    this.#ensureDir(this.#dir);
    const file = path.join(this.#dir, id);
    const temp = `${file}.tmp`;
    const fd = fs.openSync(temp, "wx");
    try {
      let offset = 0;
      while (offset < bytes.byteLength) offset += fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    fsyncDirectory(this.#dir);
    return id;
  }

  /** Bytes `[start, end)` of a blob, or null if it is gone. */
  read(id: string, start = 0, end?: number): Uint8Array | null {
    assert(idPattern.test(id), `invalid blob id ${JSON.stringify(id)}`);
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.#dir, id), "r");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      const size = fs.fstatSync(fd).size;
      const stop = Math.min(end ?? size, size);
      const out = new Uint8Array(Math.max(0, stop - start));
      let read = 0;
      while (read < out.byteLength) {
        const n = fs.readSync(fd, out, read, out.byteLength - read, start + read);
        if (n === 0) break;
        read += n;
      }
      return out;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Removes a blob once no committed row references it; missing blobs are ignored. */
  delete(id: string): void {
    assert(idPattern.test(id), `invalid blob id ${JSON.stringify(id)}`);
    fs.rmSync(path.join(this.#dir, id), { force: true });
  }

  #ensureDir(dir: string): void {
    if (this.#dirReady) return;
    fs.mkdirSync(dir, { recursive: true });
    this.#dirReady = true;
  }
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
