/**
 * The worker's `process` (the global and `node:process`), never the host's: workerd's own from
 * compatibility date 2025-09-15 (`enable_nodejs_process_v2`), else unenv's polyfill that wrangler
 * and the official plugin bundle; a small one with `nodejs_compat_v2` alone. Node's process object
 * stays behind it for what a dev server can only borrow (nextTick, hrtime, memoryUsage, stdout).
 */
import nodeAssert from "node:assert";
import nodeProcess from "node:process";
import { methodNotImplemented, unenvNotImplemented } from "./errors.js";

export type ProcessFlavour = "workerd" | "unenv" | "minimal";

/** The working directory `process.chdir` moves (workerd starts in /bundle, unenv in /). */
export interface WorkingDirectory {
  get(): string;
  set(path: string): void;
}

// workerd's process.features (src/node/internal/process.ts).
const features = Object.freeze({
  cached_builtins: true,
  debug: false,
  inspector: false,
  ipv6: true,
  openssl_is_boringssl: true,
  require_module: false,
  tls: true,
  tls_alpn: true,
  tls_ocsp: true,
  tls_sni: true,
  typescript: false,
  uv: true,
});

// The components workerd 1.20261117.1 reports in process.versions; values are the host Node's where it has them.
const workerdVersionKeys = [
  "acorn", "ada", "amaro", "ares", "brotli", "cjs_module_lexer", "cldr", "icu", "llhttp", "merve", "modules", "napi",
  "nbytes", "ncrypto", "nghttp2", "node", "openssl", "simdjson", "simdutf", "sqlite", "tz", "undici", "unicode", "uv",
  "uvwasi", "v8", "zlib", "zstd",
]; // prettier-ignore

function workerdVersions(): Record<string, string> {
  const host = nodeProcess.versions as Record<string, string | undefined>;
  return Object.fromEntries(workerdVersionKeys.map((key) => [key, host[key] ?? "0.0.0"]));
}

const noop = () => {};

/**
 * Members workerd's process has whatever Node runs the dev server (a worker thread's process has
 * no IPC channel, and Node versions add and remove the others): no IPC, no debugger, no
 * deprecation switches, no permissions model.
 */
function workerdOnlyMembers(): Record<string, unknown> {
  return {
    _channel: undefined,
    _disconnect: undefined,
    _handleQueue: undefined,
    _pendingMessage: undefined,
    _send: undefined,
    _debugEnd: noop,
    _debugProcess: noop,
    _startProfilerIdleNotifier: noop,
    _stopProfilerIdleNotifier: noop,
    assert: (value: unknown, message?: string) => nodeAssert.ok(value, message),
    channel: null,
    connected: false,
    send: () => false,
    ref: noop,
    unref: noop,
    noDeprecation: false,
    throwDeprecation: false,
    traceDeprecation: false,
    execve: methodNotImplemented("process.execve"),
    threadCpuUsage: methodNotImplemented("process.threadCpuUsage"),
    getSourceMapsSupport: () => ({ enabled: false, nodeModules: false, generatedCode: false }),
    finalization: {
      register: methodNotImplemented("process.finalization.register"),
      registerBeforeExit: methodNotImplemented("process.finalization.registerBeforeExit"),
      unregister: methodNotImplemented("process.finalization.unregister"),
    },
    permission: { has: methodNotImplemented("process.permission.has") },
  };
}

function overridesFor(flavour: "workerd" | "unenv", cwd: WorkingDirectory): Record<string, unknown> {
  const common = { ...workerdOnlyMembers(), cwd: () => cwd.get(), chdir: (path: string) => cwd.set(path), features };
  if (flavour === "workerd") {
    const missing = ["binding", "_linkedBinding", "dlopen", "kill", "_kill", "abort", "reallyExit", "_rawDebug"];
    return {
      ...common,
      ...Object.fromEntries(missing.map((name) => [name, methodNotImplemented(`process.${name}`)])),
      argv: ["workerd"],
      argv0: "workerd",
      execArgv: [],
      execPath: "workerd",
      title: "workerd",
      pid: 1,
      ppid: 0,
      versions: workerdVersions(),
      umask: () => 0o22,
      getuid: () => 0,
      geteuid: () => 0,
      getgid: () => 0,
      getegid: () => 0,
    };
  }
  const missing = ["binding", "_linkedBinding", "dlopen", "kill", "_kill", "umask", "abort", "reallyExit"];
  return {
    ...common,
    ...Object.fromEntries(missing.map((name) => [name, unenvNotImplemented(`process.${name}`)])),
    arch: "",
    argv: [],
    argv0: "",
    execArgv: [],
    execPath: "",
    title: "",
    release: undefined,
    versions: { node: nodeProcess.version.slice(1) },
    getuid: undefined,
    geteuid: undefined,
    getgid: undefined,
    getegid: undefined,
    stdout: withTTY(nodeProcess.stdout),
    stderr: withTTY(nodeProcess.stderr),
    disconnect: undefined,
    mainModule: undefined,
  };
}

/** unenv's streams say `isTTY: false`; writes still reach the terminal through the thread's own. */
function withTTY<T extends object>(stream: T): T {
  return Object.create(stream, { isTTY: { value: false, writable: true, configurable: true, enumerable: true } }) as T;
}

/**
 * The process object user code sees: Node's, with what workerd (or unenv) answers differently
 * laid over it. Writes to overridden names stay on the worker's object.
 */
export function createWorkerProcess(
  flavour: ProcessFlavour,
  env: object,
  cwd: WorkingDirectory,
  extra: Record<string, unknown> = {},
): object {
  if (flavour === "minimal") {
    return {
      env,
      platform: "linux",
      features,
      nextTick: nodeProcess.nextTick.bind(nodeProcess),
      exit: nodeProcess.exit.bind(nodeProcess),
      ...extra,
    };
  }
  const overrides: Record<string, unknown> = { ...overridesFor(flavour, cwd), env, ...extra };
  const host = nodeProcess as unknown as Record<string | symbol, unknown>;
  // An empty target: Node's process has non-configurable properties a proxy of it could not answer for.
  return new Proxy(Object.create(null) as object, {
    get: (_, key) => (key in overrides ? overrides[key as string] : Reflect.get(host, key, host)),
    set: (_, key, value) => {
      if (key in overrides || typeof key === "symbol") overrides[key as string] = value;
      else return Reflect.set(host, key, value, host);
      return true;
    },
    has: (_, key) => key in overrides || Reflect.has(host, key),
    deleteProperty: (_, key) => (key in overrides ? delete overrides[key as string] : Reflect.deleteProperty(host, key)),
    ownKeys: () => [...new Set([...Reflect.ownKeys(host), ...Object.keys(overrides)])],
    getOwnPropertyDescriptor: (_, key) => {
      if (key in overrides) return { value: overrides[key as string], writable: true, enumerable: true, configurable: true };
      const own = Reflect.getOwnPropertyDescriptor(host, key);
      return own && { ...own, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(key in overrides ? overrides : host, key, descriptor),
    getPrototypeOf: () => Reflect.getPrototypeOf(host),
  });
}

/** `node:process`'s namespace: `names` of the object (all its keys if not given), and the object itself as `default`. */
export function processNamespace(process: object, names: readonly string[] = Object.keys(process)): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of names) out[key] = (process as Record<string, unknown>)[key];
  return { ...out, default: process };
}
