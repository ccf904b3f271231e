/** The synchronous half of workerd's `node:fs` over the virtual file system (the rest derives from it). */
import { Buffer } from "node:buffer";
import { posix } from "node:path";
import { fsError } from "./errors.js";
import { toVirtualPath, type PathLike } from "./fs-paths.js";
import { Dirent, Stats } from "./fs-stats.js";
import type { VirtualFileSystem } from "./virtual-fs.js";

type Encoding = BufferEncoding | "buffer" | null | undefined;
type EncodingOption = Encoding | { encoding?: Encoding; flag?: string };
type Data = string | ArrayBufferView;

interface OpenFile {
  path: string;
  position: number;
  append: boolean;
}

function encodingOf(options: EncodingOption): Encoding {
  return typeof options === "string" || options == null ? options : options.encoding;
}

function toBytes(data: Data, options?: EncodingOption): Uint8Array {
  if (typeof data === "string") return Buffer.from(data, (encodingOf(options) ?? "utf8") as BufferEncoding);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw Object.assign(
    new TypeError(
      `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${typeof data}`,
    ),
    { code: "ERR_INVALID_ARG_TYPE" },
  );
}

function decode(bytes: Uint8Array, encoding: Encoding): string | Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return encoding && encoding !== "buffer" ? buffer.toString(encoding) : buffer;
}

/** `fs`'s synchronous functions, bound to one virtual file system and one working directory. */
export function createSyncFs(vfs: VirtualFileSystem, cwd: () => string) {
  const files = new Map<number, OpenFile>();
  let nextFd = 3;
  const resolve = (path: PathLike) => toVirtualPath(path, cwd);
  const openFile = (fd: number, syscall: string): OpenFile => {
    const file = typeof fd === "number" ? files.get(fd) : undefined;
    if (!file) throw Object.assign(new Error("bad file descriptor"), { code: "EBADF", syscall, errno: -9 });
    return file;
  };
  const target = (pathOrFd: PathLike | number, syscall: string): string =>
    typeof pathOrFd === "number" ? openFile(pathOrFd, syscall).path : resolve(pathOrFd);
  const entryAt = (path: string, syscall: string) => {
    const entry = vfs.lookup(path);
    if (!entry) throw fsError("ENOENT", syscall, path);
    return entry;
  };

  const sync = {
    existsSync: (path: PathLike): boolean => {
      try {
        return vfs.lookup(resolve(path)) !== undefined;
      } catch {
        return false;
      }
    },
    accessSync: (path: PathLike, _mode?: number): void => void entryAt(resolve(path), "access"),
    statSync: (path: PathLike, options?: { throwIfNoEntry?: boolean }): Stats | undefined => {
      const entry = vfs.lookup(resolve(path));
      if (!entry && options?.throwIfNoEntry === false) return undefined;
      return new Stats(entry ?? entryAt(resolve(path), "stat"));
    },
    lstatSync: (path: PathLike, options?: { throwIfNoEntry?: boolean }) => sync.statSync(path, options),
    fstatSync: (fd: number): Stats => new Stats(entryAt(openFile(fd, "fstat").path, "fstat")),
    readFileSync: (path: PathLike | number, options?: EncodingOption): string | Buffer => {
      if (typeof path === "number") {
        const file = openFile(path, "read");
        const bytes = vfs.readAll(file.path).subarray(file.position);
        file.position += bytes.byteLength;
        return decode(bytes, encodingOf(options));
      }
      return decode(vfs.readAll(resolve(path)), encodingOf(options));
    },
    writeFileSync: (path: PathLike | number, data: Data, options?: EncodingOption): void => {
      if (typeof path === "number") return void sync.writeSync(path, toBytes(data, options));
      const flag = typeof options === "object" && options ? options.flag : undefined;
      vfs.writeAll(resolve(path), toBytes(data, options), { append: flag?.startsWith("a"), exclusive: flag?.includes("x") });
    },
    appendFileSync: (path: PathLike | number, data: Data, options?: EncodingOption): void => {
      if (typeof path === "number") return void sync.writeSync(path, toBytes(data, options));
      vfs.writeAll(resolve(path), toBytes(data, options), { append: true });
    },
    readdirSync: (path: PathLike, options?: EncodingOption & { withFileTypes?: boolean; recursive?: boolean }) => {
      const root = resolve(path);
      const withFileTypes = typeof options === "object" && options?.withFileTypes;
      const recursive = typeof options === "object" && options?.recursive;
      const out: (string | Dirent)[] = [];
      const walk = (dir: string, prefix: string) => {
        for (const [name, entry] of vfs.readdir(dir)) {
          out.push(withFileTypes ? new Dirent(name, dir, entry) : prefix + name);
          if (recursive && entry.kind === "directory") walk(posix.join(dir, name), `${prefix}${name}/`);
        }
      };
      walk(root, "");
      return out;
    },
    mkdirSync: (path: PathLike, options?: number | { recursive?: boolean; mode?: number }): string | undefined => {
      const recursive = typeof options === "object" && options?.recursive === true;
      const first = vfs.mkdir(resolve(path), recursive);
      return recursive ? first : undefined;
    },
    mkdtempSync: (prefix: string): string => {
      for (;;) {
        const path = resolve(prefix + Math.random().toString(36).slice(2, 8));
        if (!vfs.lookup(path)) return vfs.mkdir(path, false)!;
      }
    },
    rmSync: (path: PathLike, options?: { recursive?: boolean; force?: boolean }): void =>
      vfs.remove(resolve(path), { recursive: options?.recursive, force: options?.force, syscall: "rm" }),
    rmdirSync: (path: PathLike, options?: { recursive?: boolean }): void =>
      vfs.remove(resolve(path), { recursive: options?.recursive, directoryOnly: true, syscall: "rmdir" }),
    unlinkSync: (path: PathLike): void => {
      const at = resolve(path);
      if (vfs.lookup(at)?.kind === "directory") throw fsError("EISDIR", "unlink", at);
      vfs.remove(at, { syscall: "unlink" });
    },
    renameSync: (from: PathLike, to: PathLike): void => vfs.rename(resolve(from), resolve(to), false),
    copyFileSync: (from: PathLike, to: PathLike): void => vfs.rename(resolve(from), resolve(to), true),
    truncateSync: (path: PathLike | number, length = 0): void => vfs.truncate(target(path, "ftruncate"), length),
    ftruncateSync: (fd: number, length = 0): void => vfs.truncate(openFile(fd, "ftruncate").path, length),
    realpathSync: (path: PathLike): string => {
      const at = resolve(path);
      entryAt(at, "realpath");
      return at;
    },
    openSync: (path: PathLike, flags: string | number = "r"): number => {
      const at = resolve(path);
      const text = typeof flags === "number" ? (flags & 0o1 || flags & 0o2 ? "w" : "r") : flags;
      if (text.startsWith("w") || text.startsWith("a")) {
        if (!vfs.lookup(at) || text.includes("x")) vfs.writeAll(at, new Uint8Array(0), { exclusive: text.includes("x") });
        else if (text.startsWith("w")) vfs.writeAll(at, new Uint8Array(0));
      } else {
        entryAt(at, "open");
      }
      const fd = nextFd++;
      files.set(fd, { path: at, position: 0, append: text.startsWith("a") });
      return fd;
    },
    closeSync: (fd: number): void => {
      openFile(fd, "close");
      files.delete(fd);
    },
    readSync: (fd: number, buffer: ArrayBufferView, offset = 0, length?: number, position?: number | null): number => {
      const file = openFile(fd, "read");
      const view = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length ?? buffer.byteLength - offset);
      const read = vfs.readAt(file.path, view, position ?? file.position);
      if (position == null) file.position += read;
      return read;
    },
    writeSync: (fd: number, data: Data, offset?: number | null, length?: number, position?: number | null): number => {
      const file = openFile(fd, "write");
      let bytes = toBytes(data);
      if (typeof data !== "string" && typeof offset === "number")
        bytes = bytes.subarray(offset, length === undefined ? undefined : offset + length);
      const at = file.append ? undefined : (position ?? file.position);
      const written = vfs.writeAt(file.path, bytes, at);
      if (position == null && !file.append) file.position += written;
      return written;
    },
    fsyncSync: (fd: number): void => void openFile(fd, "fsync"),
    fdatasyncSync: (fd: number): void => void openFile(fd, "fdatasync"),
    // Permissions and owners are not part of the virtual file system: the entry must exist, nothing changes.
    chmodSync: (path: PathLike): void => void entryAt(resolve(path), "chmod"),
    lchmodSync: (path: PathLike): void => void entryAt(resolve(path), "lchmod"),
    fchmodSync: (fd: number): void => void openFile(fd, "fchmod"),
    chownSync: (path: PathLike): void => void entryAt(resolve(path), "chown"),
    lchownSync: (path: PathLike): void => void entryAt(resolve(path), "lchown"),
    fchownSync: (fd: number): void => void openFile(fd, "fchown"),
    utimesSync: (path: PathLike, _atime: unknown, mtime: number | string | Date): void => {
      const entry = entryAt(resolve(path), "utime");
      entry.mtime = mtime instanceof Date ? mtime : new Date(Number(mtime) * 1000);
    },
    lutimesSync: (path: PathLike, atime: unknown, mtime: number | string | Date) => sync.utimesSync(path, atime, mtime),
    futimesSync: (fd: number, atime: unknown, mtime: number | string | Date) =>
      sync.utimesSync(openFile(fd, "futime").path, atime, mtime),
  };
  return sync;
}

export type SyncFs = ReturnType<typeof createSyncFs>;
