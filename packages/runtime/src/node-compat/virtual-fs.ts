/**
 * workerd's virtual file system (https://developers.cloudflare.com/workers/runtime-apis/nodejs/fs/):
 * `/bundle` read-only (the worker's modules), `/tmp` writable and in memory, `/dev/null`, `/dev/zero`,
 * `/dev/full`, `/dev/random`. Nothing of the host's file system is reachable from here. One instance
 * per generation: `/tmp` starts empty on every reload, as it does for every request in production.
 */
import { randomFillSync } from "node:crypto";
import { fsError } from "./errors.js";

export type Entry = Directory | File | Device;
export interface Directory {
  kind: "directory";
  entries: Map<string, Entry>;
  writable: boolean;
  mtime: Date;
  birthtime: Date;
}
export interface File {
  kind: "file";
  data: Uint8Array;
  writable: boolean;
  mtime: Date;
  birthtime: Date;
}
export interface Device {
  kind: "device";
  name: "null" | "zero" | "full" | "random";
  mtime: Date;
  birthtime: Date;
}

const epoch = new Date(0);

function directory(writable: boolean, entries: [string, Entry][] = []): Directory {
  return { kind: "directory", entries: new Map(entries), writable, mtime: epoch, birthtime: epoch };
}

const device = (name: Device["name"]): [string, Device] => [name, { kind: "device", name, mtime: epoch, birthtime: epoch }];

export class VirtualFileSystem {
  readonly root: Directory;

  /** `bundle`: the read-only files under /bundle, by path relative to it. */
  constructor(bundle: Record<string, string | Uint8Array> = {}) {
    const bundleDir = directory(false);
    this.root = directory(false, [
      ["bundle", bundleDir],
      ["tmp", directory(true)],
      ["dev", directory(false, [device("null"), device("zero"), device("full"), device("random")])],
    ]);
    for (const [path, content] of Object.entries(bundle)) this.#addBundleFile(bundleDir, path, content);
  }

  #addBundleFile(bundle: Directory, path: string, content: string | Uint8Array): void {
    const parts = path.split("/").filter(Boolean);
    let dir = bundle;
    for (const part of parts.slice(0, -1)) {
      let next = dir.entries.get(part);
      if (!next) dir.entries.set(part, (next = directory(false)));
      if (next.kind !== "directory") return;
      dir = next;
    }
    const data = typeof content === "string" ? new TextEncoder().encode(content) : content;
    dir.entries.set(parts.at(-1)!, { kind: "file", data, writable: false, mtime: epoch, birthtime: epoch });
  }

  /** The entry at an absolute, normalized path, or undefined. */
  lookup(path: string): Entry | undefined {
    let entry: Entry = this.root;
    for (const part of path.split("/").filter(Boolean)) {
      if (entry.kind !== "directory") return undefined;
      const next = entry.entries.get(part);
      if (!next) return undefined;
      entry = next;
    }
    return entry;
  }

  #parent(path: string, syscall: string): { dir: Directory; name: string } {
    const index = path.lastIndexOf("/");
    const parent = this.lookup(path.slice(0, index) || "/");
    if (!parent) throw fsError("ENOENT", syscall, path);
    if (parent.kind !== "directory") throw fsError("ENOTDIR", syscall, path);
    return { dir: parent, name: path.slice(index + 1) };
  }

  readAll(path: string, syscall = "readAll"): Uint8Array {
    const entry = this.lookup(path);
    if (!entry) throw fsError("ENOENT", syscall, path);
    if (entry.kind === "directory") throw fsError("EISDIR", syscall, path);
    if (entry.kind === "device") return new Uint8Array(0);
    return entry.data.slice();
  }

  writeAll(path: string, data: Uint8Array, options: { append?: boolean; exclusive?: boolean } = {}): number {
    const existing = this.lookup(path);
    if (existing?.kind === "device") return existing.name === "full" ? fullDevice(path) : data.byteLength;
    if (existing?.kind === "directory") throw fsError("EISDIR", "open", path);
    if (existing && options.exclusive) throw fsError("EEXIST", "open", path);
    const { dir, name } = this.#parent(path, "open");
    if (!dir.writable || (existing && !existing.writable)) throw fsError("EPERM", "open", path);
    const now = new Date();
    if (existing && options.append) existing.data = concat(existing.data, data);
    else if (existing) existing.data = data.slice();
    else dir.entries.set(name, { kind: "file", data: data.slice(), writable: true, mtime: now, birthtime: now });
    if (existing) existing.mtime = now;
    return data.byteLength;
  }

  /** Reads into `target` at `position` of the file; returns the bytes read. */
  readAt(path: string, target: Uint8Array, position: number): number {
    const entry = this.lookup(path);
    if (!entry) throw fsError("ENOENT", "read", path);
    if (entry.kind === "directory") throw fsError("EISDIR", "read", path);
    if (entry.kind === "device") {
      if (entry.name === "null") return 0;
      if (entry.name === "random") randomFillSync(target);
      else target.fill(0);
      return target.byteLength;
    }
    const chunk = entry.data.subarray(position, position + target.byteLength);
    target.set(chunk);
    return chunk.byteLength;
  }

  /** Writes `source` at `position` (undefined: the end) of the file; returns the bytes written. */
  writeAt(path: string, source: Uint8Array, position: number | undefined): number {
    const entry = this.lookup(path);
    if (!entry) throw fsError("ENOENT", "write", path);
    if (entry.kind === "directory") throw fsError("EISDIR", "write", path);
    if (entry.kind === "device") return entry.name === "full" ? fullDevice(path) : source.byteLength;
    if (!entry.writable) throw fsError("EPERM", "write", path);
    const at = position ?? entry.data.byteLength;
    const data = new Uint8Array(Math.max(entry.data.byteLength, at + source.byteLength));
    data.set(entry.data);
    data.set(source, at);
    entry.data = data;
    entry.mtime = new Date();
    return source.byteLength;
  }

  truncate(path: string, length: number): void {
    const entry = this.lookup(path);
    if (!entry) throw fsError("ENOENT", "truncate", path);
    if (entry.kind !== "file") throw fsError("EISDIR", "truncate", path);
    if (!entry.writable) throw fsError("EPERM", "truncate", path);
    const data = new Uint8Array(length);
    data.set(entry.data.subarray(0, length));
    entry.data = data;
  }

  readdir(path: string): [string, Entry][] {
    const entry = this.lookup(path);
    if (!entry) throw fsError("ENOENT", "scandir", path);
    if (entry.kind !== "directory") throw fsError("ENOTDIR", "scandir", path);
    return [...entry.entries];
  }

  /** Returns the first directory created (for `recursive`), as Node.js does. */
  mkdir(path: string, recursive: boolean): string | undefined {
    const existing = this.lookup(path);
    if (existing) {
      if (recursive && existing.kind === "directory") return undefined;
      throw fsError("EEXIST", "mkdir", path);
    }
    if (recursive) {
      const index = path.lastIndexOf("/");
      const parentPath = path.slice(0, index) || "/";
      const first = this.lookup(parentPath) ? undefined : this.mkdir(parentPath, true);
      this.mkdir(path, false);
      return first ?? path;
    }
    const { dir, name } = this.#parent(path, "mkdir");
    if (!dir.writable) throw fsError("EPERM", "mkdir", path);
    dir.entries.set(name, directory(true));
    return path;
  }

  remove(path: string, options: { recursive?: boolean; force?: boolean; directoryOnly?: boolean; syscall: string }): void {
    const entry = this.lookup(path);
    if (!entry) {
      if (options.force) return;
      throw fsError("ENOENT", options.syscall, path);
    }
    if (options.directoryOnly && entry.kind !== "directory") throw fsError("ENOTDIR", options.syscall, path);
    if (entry.kind === "directory" && !options.recursive && !options.directoryOnly)
      throw fsError("EISDIR", options.syscall, path);
    if (entry.kind === "directory" && entry.entries.size > 0 && !options.recursive)
      throw fsError("ENOTEMPTY", options.syscall, path);
    const { dir, name } = this.#parent(path, options.syscall);
    if (!dir.writable) throw fsError("EPERM", options.syscall, path);
    dir.entries.delete(name);
  }

  rename(from: string, to: string, copy: boolean): void {
    const entry = this.lookup(from);
    const syscall = copy ? "copyfile" : "rename";
    if (!entry) throw fsError("ENOENT", syscall, from);
    const target = this.#parent(to, syscall);
    if (!target.dir.writable) throw fsError("EPERM", syscall, to);
    if (copy) {
      if (entry.kind !== "file") throw fsError("EISDIR", syscall, from);
      const now = new Date();
      target.dir.entries.set(target.name, { kind: "file", data: entry.data.slice(), writable: true, mtime: now, birthtime: now });
      return;
    }
    const source = this.#parent(from, syscall);
    if (!source.dir.writable) throw fsError("EPERM", syscall, from);
    source.dir.entries.delete(source.name);
    target.dir.entries.set(target.name, entry);
  }
}

function fullDevice(path: string): never {
  throw Object.assign(fsError("ENOSPC", "write", path), { message: `no space left on device, write '${path}'` });
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}
