/**
 * Node.js modules whose host implementation would reach outside the worker (processes, threads,
 * code generation, the host's directories): workerd's versions of them, with its "not implemented"
 * errors where it has no implementation (src/node/internal/*).
 */
import * as nodeBuffer from "node:buffer";
import nodeOs from "node:os";
import nodePath from "node:path";
import { MessageChannel, MessagePort, BroadcastChannel } from "node:worker_threads";
import { methodNotImplemented } from "./errors.js";
import { namespace } from "./fs-module.js";
import { bufferExports } from "./workerd-exports.js";

const childProcessNames = ["_forkChild", "exec", "execFile", "execFileSync", "execSync", "fork", "spawn", "spawnSync"];

export function childProcessModule(): Record<string, unknown> {
  const values: Record<string, unknown> = {
    ChildProcess: methodNotImplemented("child_process.ChildProcess"),
  };
  for (const name of childProcessNames) values[name] = methodNotImplemented(`child_process.${name}`);
  return namespace(values, ["ChildProcess", ...childProcessNames]);
}

/** workerd's `node:vm`: contexts can be made, no code runs (code generation from strings is refused). */
export function vmModule(): Record<string, unknown> {
  const kContext = Symbol("vm context");
  const runInThisContext = methodNotImplemented("runInThisContext");
  class Script {
    constructor(code: unknown) {
      if (typeof code !== "string") throw invalidCode(code);
    }
    runInThisContext = runInThisContext;
    runInContext = runInThisContext;
    runInNewContext = runInThisContext;
    createCachedData = () => new Uint8Array(0);
  }
  const createContext = (object: object = {}) => Object.assign(object, { [kContext]: true });
  const values = {
    Script,
    createContext,
    createScript: (code: string) => new Script(code),
    isContext: (object: object) => typeof object === "object" && object !== null && kContext in object,
    runInContext: runInThisContext,
    runInNewContext: runInThisContext,
    runInThisContext,
    compileFunction: methodNotImplemented("compileFunction"),
    measureMemory: methodNotImplemented("measureMemory"),
    constants: Object.freeze({
      USE_MAIN_CONTEXT_DEFAULT_LOADER: Symbol("USE_MAIN_CONTEXT_DEFAULT_LOADER"),
      DONT_CONTEXTIFY: Symbol("DONT_CONTEXTIFY"),
    }),
  };
  return namespace(values, Object.keys(values));
}

function invalidCode(code: unknown): TypeError {
  return Object.assign(new TypeError(`The "code" argument must be of type string. Received type ${typeof code}`), {
    code: "ERR_INVALID_ARG_TYPE",
  });
}

/** The worker is the main (and only) thread: no Worker, no parent port. */
export function workerThreadsModule(): Record<string, unknown> {
  const environmentData = new Map<unknown, unknown>();
  const values = {
    isMainThread: true,
    threadId: 0,
    parentPort: null,
    workerData: null,
    resourceLimits: {},
    SHARE_ENV: Symbol.for("nodejs.worker_threads.SHARE_ENV"),
    MessageChannel,
    MessagePort,
    BroadcastChannel,
    Worker: methodNotImplemented("Worker"),
    markAsUntransferable: () => undefined,
    moveMessagePortToContext: methodNotImplemented("moveMessagePortToContext"),
    receiveMessageOnPort: methodNotImplemented("receiveMessageOnPort"),
    postMessageToThread: methodNotImplemented("postMessageToThread"),
    setEnvironmentData: (key: unknown, value: unknown) => void environmentData.set(key, value),
    getEnvironmentData: (key: unknown) => environmentData.get(key),
  };
  return namespace(values, Object.keys(values));
}

/** `node:path` resolves relative paths against `/` in workerd, whatever `process.cwd()` says. */
export function pathModule(): Record<string, unknown> {
  const resolve = (...paths: string[]) => nodePath.posix.resolve("/", ...paths);
  const names = ["basename", "delimiter", "dirname", "extname", "format", "isAbsolute", "join", "matchesGlob", "normalize", "parse", "relative", "sep", "toNamespacedPath", "win32"]; // prettier-ignore
  const posix: Record<string, unknown> = {};
  for (const name of names) posix[name] = (nodePath as unknown as Record<string, unknown>)[name];
  Object.assign(posix, {
    resolve,
    relative: (from: string, to: string) => nodePath.posix.relative(resolve(from), resolve(to)),
    posix,
  });
  return namespace(posix, [...names, "resolve", "posix"].toSorted());
}

/**
 * `node:os`: workerd's from 2025-09-15 (src/node/internal/os.ts: fixed answers, nothing of the
 * machine), unenv's before (the host's values but for home and temp directories).
 */
export function osModule(flavour: "workerd" | "unenv"): Record<string, unknown> {
  const values: Record<string, unknown> = { ...nodeOs };
  if (flavour === "unenv") Object.assign(values, { tmpdir: () => "/tmp", homedir: () => "/" });
  else {
    const fixed = { availableParallelism: 1, arch: "x64", cpus: [], endianness: "LE", freemem: 0, getPriority: 0, homedir: "/tmp/", hostname: "localhost", loadavg: [0, 0, 0], machine: "x86_64", networkInterfaces: {}, platform: "linux", release: "", tmpdir: "/tmp/", totalmem: 0, type: "Linux", uptime: 0, userInfo: {}, version: "" }; // prettier-ignore
    for (const [name, value] of Object.entries(fixed))
      values[name] = () => (typeof value === "object" ? structuredClone(value) : value);
    values.setPriority = () => undefined;
  }
  return namespace(values, Object.keys(nodeOs).toSorted());
}

/** `node:buffer` with workerd's limit: buffers of at most 2^31-1 bytes. */
export function bufferModule(): Record<string, unknown> {
  const kMaxLength = 2 ** 31 - 1;
  const values: Record<string, unknown> = {
    ...nodeBuffer,
    // workerd still has the deprecated SlowBuffer, which Node 26 removed.
    SlowBuffer: (nodeBuffer as { SlowBuffer?: unknown }).SlowBuffer ?? slowBuffer,
    kMaxLength,
    constants: { ...nodeBuffer.constants, MAX_LENGTH: kMaxLength },
  };
  // workerd's names, whatever this Node adds (Node 26's isLatin1) or removes.
  return namespace(values, bufferExports);
}

/** `SlowBuffer(size)`: an unpooled Buffer, as `Buffer.allocUnsafeSlow(size)` (a function, callable with `new` too). */
function slowBuffer(size: number): Buffer {
  return nodeBuffer.Buffer.allocUnsafeSlow(size);
}
