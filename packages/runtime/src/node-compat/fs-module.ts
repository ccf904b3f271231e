/**
 * `node:fs` and `node:fs/promises` as workerd serves them from compatibility date 2025-09-15 (or
 * `enable_nodejs_fs_module`): its export list, over the virtual file system. The callback and
 * promise forms run the synchronous ones (the file system is in memory, as workerd's is).
 */
import { constants } from "node:fs";
import { Readable, Writable } from "node:stream";
import { notImplemented } from "../shared/not-implemented.js";
import { ERR_UNSUPPORTED_OPERATION } from "./errors.js";
import { createSyncFs } from "./fs-sync.js";
import { Dirent, Stats } from "./fs-stats.js";
import type { PathLike } from "./fs-paths.js";
import type { VirtualFileSystem } from "./virtual-fs.js";

type Callback = (error: Error | null, value?: unknown) => void;
type AnyFunction = (...args: never[]) => unknown;

/** workerd's `node:fs` exports (checked on workerd 1.20261117.1), without `default`. */
export const workerdFsExports = [
  "Dir", "Dirent", "F_OK", "FileReadStream", "FileWriteStream", "R_OK", "ReadStream", "Stats", "W_OK", "WriteStream",
  "X_OK", "access", "accessSync", "appendFile", "appendFileSync", "chmod", "chmodSync", "chown", "chownSync", "close",
  "closeSync", "constants", "copyFile", "copyFileSync", "cp", "cpSync", "createReadStream", "createWriteStream",
  "exists", "existsSync", "fchmod", "fchmodSync", "fchown", "fchownSync", "fdatasync", "fdatasyncSync", "fstat",
  "fstatSync", "fsync", "fsyncSync", "ftruncate", "ftruncateSync", "futimes", "futimesSync", "glob", "globSync",
  "lchmod", "lchmodSync", "lchown", "lchownSync", "link", "linkSync", "lstat", "lstatSync", "lutimes", "lutimesSync",
  "mkdir", "mkdirSync", "mkdtemp", "mkdtempSync", "open", "openAsBlob", "openSync", "opendir", "opendirSync",
  "promises", "read", "readFile", "readFileSync", "readSync", "readdir", "readdirSync", "readlink", "readlinkSync",
  "readv", "readvSync", "realpath", "realpathSync", "rename", "renameSync", "rm", "rmSync", "rmdir", "rmdirSync",
  "stat", "statSync", "statfs", "statfsSync", "symlink", "symlinkSync", "truncate", "truncateSync", "unlink",
  "unlinkSync", "unwatchFile", "utimes", "utimesSync", "watch", "watchFile", "write", "writeFile", "writeFileSync",
  "writeSync", "writev", "writevSync",
] as const; // prettier-ignore

/** The `node:fs` and `node:fs/promises` namespaces over one virtual file system. */
export function createFsModules(vfs: VirtualFileSystem, cwd: () => string) {
  const sync = createSyncFs(vfs, cwd) as unknown as Record<string, AnyFunction>;
  const fs: Record<string, unknown> = { ...sync };
  const promises: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(sync)) {
    const base = name.slice(0, -"Sync".length);
    fs[base] = callbackForm(fn, base);
    promises[base] = async (...args: never[]) => fn(...args);
  }
  fs.exists = (path: PathLike, callback: (exists: boolean) => void) => {
    const exists = sync.existsSync!(path as never) as boolean;
    queueMicrotask(() => callback(exists));
  };
  delete promises.exists;
  const unsupported = () => {
    throw new ERR_UNSUPPORTED_OPERATION();
  };
  Object.assign(fs, { watch: unsupported, watchFile: unsupported, unwatchFile: unsupported });
  promises.watch = unsupported;
  const streams = createStreams(sync);
  Object.assign(fs, streams, { FileReadStream: streams.ReadStream, FileWriteStream: streams.WriteStream });
  fs.openAsBlob = async (path: PathLike, options?: { type?: string }) =>
    new Blob([sync.readFileSync!(path as never) as Uint8Array<ArrayBuffer>], { type: options?.type ?? "" });
  Object.assign(fs, {
    Stats,
    Dirent,
    constants,
    F_OK: constants.F_OK,
    R_OK: constants.R_OK,
    W_OK: constants.W_OK,
    X_OK: constants.X_OK,
  });
  Object.assign(promises, { constants });
  fs.promises = promises;
  for (const name of workerdFsExports) if (!(name in fs)) fs[name] = () => notImplemented(`fs.${name}`);
  return { fs: namespace(fs, workerdFsExports), promises: { ...promises, default: promises } };
}

function callbackForm(fn: AnyFunction, name: string) {
  return (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback !== "function") {
      throw Object.assign(new TypeError(`The "cb" argument must be of type function. Received ${typeof callback}`), {
        code: "ERR_INVALID_ARG_TYPE",
        fn: name,
      });
    }
    let result: unknown;
    try {
      result = fn(...(args.slice(0, -1) as never[]));
    } catch (error) {
      queueMicrotask(() => (callback as Callback)(error as Error));
      return;
    }
    queueMicrotask(() => (callback as Callback)(null, result));
  };
}

function createStreams(sync: Record<string, AnyFunction>) {
  class ReadStream extends Readable {
    path: PathLike;
    constructor(path: PathLike, options?: { encoding?: BufferEncoding; start?: number; end?: number }) {
      super({ encoding: options?.encoding });
      this.path = path;
      queueMicrotask(() => {
        try {
          const data = sync.openSync!(path as never) as number;
          const bytes = sync.readFileSync!(data as never) as Uint8Array;
          sync.closeSync!(data as never);
          this.push(bytes.subarray(options?.start ?? 0, options?.end === undefined ? undefined : options.end + 1));
          this.push(null);
        } catch (error) {
          this.destroy(error as Error);
        }
      });
    }
    override _read(): void {}
  }
  class WriteStream extends Writable {
    path: PathLike;
    #fd: number | undefined;
    constructor(path: PathLike, options?: { flags?: string }) {
      super();
      this.path = path;
      try {
        this.#fd = sync.openSync!(path as never, (options?.flags ?? "w") as never) as number;
      } catch (error) {
        queueMicrotask(() => this.destroy(error as Error));
      }
    }
    override _write(chunk: Uint8Array, _encoding: string, done: (error?: Error | null) => void): void {
      try {
        sync.writeSync!(this.#fd as never, chunk as never);
        done();
      } catch (error) {
        done(error as Error);
      }
    }
    override _final(done: (error?: Error | null) => void): void {
      if (this.#fd !== undefined) sync.closeSync!(this.#fd as never);
      done();
    }
  }
  return {
    ReadStream,
    WriteStream,
    createReadStream: (path: PathLike, options?: ConstructorParameters<typeof ReadStream>[1]) => new ReadStream(path, options),
    createWriteStream: (path: PathLike, options?: ConstructorParameters<typeof WriteStream>[1]) => new WriteStream(path, options),
  };
}

/** A module namespace: exactly `names`, plus `default` holding them all. */
export function namespace(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = values[name];
  return { ...out, default: out };
}
