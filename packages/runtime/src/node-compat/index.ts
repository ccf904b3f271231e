/**
 * The `node:*` modules and the `process` a worker gets, as workerd serves them for its compatibility
 * date and flags: never the host's files, environment, processes or threads. One per generation
 * (one thread serves one generation).
 */
import assert from "node:assert";
import { Buffer } from "node:buffer";
import { isBuiltin } from "node:module";
import nodeProcess from "node:process";
import { posix } from "node:path";
import type { CompatibilityFlags } from "../shared/compatibility.js";
import { fsError } from "./errors.js";
import { createDnsModules } from "./dns-module.js";
import { createFsModules } from "./fs-module.js";
import { createFsStubModules } from "./fs-stub.js";
import { bufferModule, childProcessModule, osModule, pathModule, vmModule, workerThreadsModule } from "./host-free-modules.js";
import { moduleModule } from "./module-module.js";
import { cryptoModule, eventsModule, utilModule } from "./shaped-modules.js";
import { processExports, unenvProcessExports } from "./workerd-exports.js";
import { createHttpModules } from "./http-module.js";
import { createNetModule, type WorkersConnect } from "./net-module.js";
import { createWorkerProcess, processNamespace, type WorkingDirectory } from "./process.js";
import { VirtualFileSystem } from "./virtual-fs.js";

export interface NodeCompatConfig {
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
  flags: CompatibilityFlags;
  /** `cloudflare:sockets`' `connect()`, which `node:net` builds on (the host's `node:net` without it). */
  connect?: WorkersConnect;
  /** The worker's own `fetch()`, which `node:http`'s client sends with (the host's `node:http` without it). */
  fetch?: typeof globalThis.fetch;
}

/** What `import "node:x"` gives a worker: a namespace, `"host"` for Node's own module, or an error. */
export type NodeModuleAnswer = { namespace: Record<string, unknown> } | { host: true } | { missing: true };

// The node:* modules workerd serves with nodejs_compat_v2 alone (checked on workerd 1.20261117.1).
const withoutNodejsCompat = new Set(
  "assert assert/strict async_hooks buffer crypto diagnostics_channel dns dns/promises events fs/promises module net path path/posix path/win32 process querystring stream stream/consumers stream/promises stream/web string_decoder timers timers/promises tls url util util/types zlib".split(
    " ",
  ),
);

/** A flag on from a date once `nodejs_compat` is on (workerd's `impliedByAfterDate`), or by its own flags. */
function onFromDate(config: NodeCompatConfig, date: string, enable: string, disable: string): boolean {
  if (config.compatibilityFlags.includes(disable)) return false;
  return config.compatibilityFlags.includes(enable) || (config.flags.nodejs_compat && config.compatibilityDate >= date);
}

export class NodeCompat {
  /** What `globalThis.process` is for the worker; undefined where workerd has none. */
  readonly process: object | undefined;
  readonly vfs = new VirtualFileSystem();
  #config: NodeCompatConfig;
  #modules = new Map<string, () => Record<string, unknown>>();
  #cache = new Map<string, Record<string, unknown>>();

  constructor(config: NodeCompatConfig, env: object) {
    this.#config = config;
    const processV2 = onFromDate(config, "2025-09-15", "enable_nodejs_process_v2", "disable_nodejs_process_v2");
    let cwd = processV2 ? "/bundle" : "/";
    const workingDirectory: WorkingDirectory = {
      get: () => cwd,
      set: (path) => {
        const next = posix.resolve(cwd, String(path));
        if (this.vfs.lookup(next)?.kind !== "directory") throw fsError("ENOENT", "chdir", next);
        cwd = next;
      },
    };
    // workerd's Buffer has no pool: `allocUnsafe` never hands out a slice of a shared one.
    if (config.flags.nodejs_compat || config.flags.nodejs_compat_v2) Buffer.poolSize = 0;
    const getBuiltinModule = (name: string) => this.builtinModule(name);
    if (config.flags.nodejs_compat) {
      this.process = createWorkerProcess(processV2 ? "workerd" : "unenv", env, workingDirectory, { getBuiltinModule });
    } else if (config.flags.nodejs_compat_v2) {
      this.process = createWorkerProcess("minimal", env, workingDirectory, { getBuiltinModule });
    }
    const fsModule = onFromDate(config, "2025-09-15", "enable_nodejs_fs_module", "disable_nodejs_fs_module");
    const fs = () => (fsModule ? createFsModules(this.vfs, () => cwd) : createFsStubModules());
    let fsModules: ReturnType<typeof fs> | undefined;
    let dnsModules: ReturnType<typeof createDnsModules> | undefined;
    let httpModules: ReturnType<typeof createHttpModules> | undefined;
    const httpClient = onFromDate(config, "2025-08-15", "enable_nodejs_http_modules", "disable_nodejs_http_modules");
    const http = () => (httpModules ??= createHttpModules(config.fetch!, httpClient));
    const osFlavour = onFromDate(config, "2025-09-15", "enable_nodejs_os_module", "disable_nodejs_os_module")
      ? "workerd"
      : "unenv";
    const table: Record<string, () => Record<string, unknown>> = {
      fs: () => (fsModules ??= fs()).fs,
      "fs/promises": () => (fsModules ??= fs()).promises,
      process: () =>
        processNamespace(
          this.process!,
          config.flags.nodejs_compat ? (processV2 ? processExports : unenvProcessExports) : undefined,
        ),
      dns: () => (dnsModules ??= createDnsModules()).dns,
      "dns/promises": () => (dnsModules ??= createDnsModules()).promises,
      crypto: cryptoModule,
      util: utilModule,
      events: eventsModule,
      ...(config.connect && { net: () => createNetModule(config.connect!) }),
      ...(config.fetch && { http: () => http().http, https: () => http().https }),
      path: pathModule,
      buffer: bufferModule,
      "path/posix": pathModule,
      os: () => osModule(osFlavour),
      child_process: childProcessModule,
      vm: vmModule,
      module: () => moduleModule((name) => this.builtinModule(name)),
      worker_threads: workerThreadsModule,
    };
    for (const [name, create] of Object.entries(table)) this.#modules.set(name, create);
  }

  /** What the worker's `import name` loads (`name` with or without `node:`). */
  resolve(name: string): NodeModuleAnswer {
    const bare = name.startsWith("node:") ? name.slice(5) : name;
    const flags = this.#config.flags;
    const served = flags.nodejs_compat
      ? true
      : flags.nodejs_compat_v2
        ? withoutNodejsCompat.has(bare)
        : flags.nodejs_als && bare === "async_hooks";
    if (!served) return { missing: true };
    const create = this.#modules.get(bare);
    if (!create || (bare === "process" && !this.process)) return { host: true };
    let namespace = this.#cache.get(bare);
    if (!namespace) this.#cache.set(bare, (namespace = create()));
    return { namespace };
  }

  /** `process.getBuiltinModule(name)`: the worker's module, or undefined. */
  builtinModule(name: string): unknown {
    if (!isBuiltin(name)) return undefined;
    const answer = this.resolve(name);
    if ("namespace" in answer) return answer.namespace.default;
    // A module Node's process would give the host's copy of; the worker gets it only where workerd serves it.
    return "host" in answer ? nodeProcess.getBuiltinModule?.(name) : undefined;
  }
}

let current: NodeCompat | undefined;

/** Shapes this thread's Node.js layer (once: a thread serves one generation). */
export function installNodeCompat(config: NodeCompatConfig, env: object): NodeCompat {
  current = new NodeCompat(config, env);
  return current;
}

/** This thread's Node.js layer, installed with its global scope. */
export function nodeCompat(): NodeCompat {
  assert(current, "the global scope is installed before any module is imported");
  return current;
}
