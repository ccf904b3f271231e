/** `fs.Stats` and `fs.Dirent` of the virtual file system's entries. */
import type { Entry } from "./virtual-fs.js";

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;

function modeOf(entry: Entry): number {
  if (entry.kind === "directory") return S_IFDIR | (entry.writable ? 0o777 : 0o555);
  if (entry.kind === "device") return S_IFCHR | 0o666;
  return S_IFREG | (entry.writable ? 0o666 : 0o444);
}

export class Stats {
  dev = 0;
  ino = 0;
  mode: number;
  nlink = 1;
  uid = 0;
  gid = 0;
  rdev = 0;
  size: number;
  blksize = 4096;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;

  constructor(entry: Entry) {
    this.mode = modeOf(entry);
    this.size = entry.kind === "file" ? entry.data.byteLength : 0;
    this.blocks = Math.ceil(this.size / 512);
    this.atime = this.mtime = this.ctime = entry.mtime;
    this.birthtime = entry.birthtime;
    this.atimeMs = this.mtimeMs = this.ctimeMs = entry.mtime.getTime();
    this.birthtimeMs = entry.birthtime.getTime();
  }
  isFile(): boolean {
    return (this.mode & 0o170000) === S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & 0o170000) === S_IFDIR;
  }
  isCharacterDevice(): boolean {
    return (this.mode & 0o170000) === S_IFCHR;
  }
  isBlockDevice(): boolean {
    return false;
  }
  isSymbolicLink(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}

export class Dirent {
  name: string;
  parentPath: string;
  path: string;
  #kind: Entry["kind"];

  constructor(name: string, parentPath: string, entry: Entry) {
    this.name = name;
    this.parentPath = this.path = parentPath;
    this.#kind = entry.kind;
  }
  isFile(): boolean {
    return this.#kind === "file";
  }
  isDirectory(): boolean {
    return this.#kind === "directory";
  }
  isCharacterDevice(): boolean {
    return this.#kind === "device";
  }
  isBlockDevice(): boolean {
    return false;
  }
  isSymbolicLink(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}
