/**
 * Links and evaluates the modules of a start's batch (module-batch.ts) without the ModuleRunner's
 * per-import machinery: an import of a batch module is one map lookup, then its compiled function
 * runs with a context made here, in the order Vite's runner would run it (each import awaited in
 * turn, a module in a cycle getting its importer's exports as they are so far). Each module still
 * runs once per generation, fresh; its node is registered in the runner's `evaluatedModules`
 * (with the fetch answer, so Vite's source-map interceptor maps its frames), so that the runner
 * and the linker never evaluate one module twice.
 *
 * The runner stays in charge of everything else: the entry, externals and built-ins, modules the
 * batch lacks (fetched from the host), modules that use `import.meta.hot` (its HMR client), child
 * environments. A module the runner evaluates hands its own imports back to the linker (`adopt`).
 */
import { posix } from "node:path";
import { fetchKey } from "../protocol/module-batch.js";
import { batchModule, takeBatchModule, type BatchModule } from "./module-batch.js";
import { usesHot } from "./uses-hot.js";

type ModuleRunnerModule = typeof import("vite/module-runner");
type EvaluatedModuleNode = import("vite/module-runner").EvaluatedModuleNode;
type Context = Record<string, unknown>;
type Metadata = Record<string, unknown> | undefined;

/** Vite's runner steps for a module the linker does not run (public in its code, private in its types). */
interface RunnerSteps {
  evaluatedModules: import("vite/module-runner").EvaluatedModules;
  cachedModule(url: string, importer?: string): Promise<EvaluatedModuleNode>;
  cachedRequest(url: string, node: EvaluatedModuleNode, callstack: string[], metadata?: Metadata): Promise<unknown>;
  isCircularRequest(node: EvaluatedModuleNode, callstack: string[]): boolean;
}

export interface LinkerOptions {
  vite: ModuleRunnerModule;
  environment: string;
  createImportMeta: (modulePath: string) => object;
  /** The function its chunk compiled for a module's code, taken once (module-chunks.ts), if there is one. */
  compiled: (id: string, code: string) => ((...args: unknown[]) => Promise<void>) | undefined;
  /** Runs a module's code with its context, as the runner would (a module without a compiled function). */
  evaluate: (context: Context, code: string, node: EvaluatedModuleNode) => Promise<void>;
}

interface Linked {
  node: EvaluatedModuleNode;
  url: string;
  /** What the runner passes as `importer` when this module imports: its file, else its id. */
  importer: string;
  /** The module that started this one (Vite's call stack, one link at a time); none for one the runner runs. */
  parent: Linked | undefined;
  exports: object;
  /** Settles with the exports once the module body ran; undefined for one the runner runs. */
  promise: Promise<unknown> | undefined;
  state: "running" | "done" | "failed" | "runner";
}

const postfix = /[?#].*$/s;
// The names of a module function's parameters (Vite's `ssr*Key` exports, constant).
const exportsKey = "__vite_ssr_exports__";
const importMetaKey = "__vite_ssr_import_meta__";
const importKey = "__vite_ssr_import__";
const dynamicImportKey = "__vite_ssr_dynamic_import__";
const exportAllKey = "__vite_ssr_exportAll__";
const exportNameKey = "__vite_ssr_exportName__";

export class BatchLinker {
  #options: LinkerOptions;
  #runner: RunnerSteps;
  #byKey = new Map<string, Linked>();
  #byId = new Map<string, Linked>();

  constructor(runner: unknown, options: LinkerOptions) {
    this.#runner = runner as RunnerSteps;
    this.#options = options;
    const { vite } = options;
    const keys = [
      vite.ssrModuleExportsKey,
      vite.ssrImportMetaKey,
      vite.ssrImportKey,
      vite.ssrDynamicImportKey,
      vite.ssrExportAllKey,
      vite.ssrExportNameKey,
    ];
    if (keys.join() !== [exportsKey, importMetaKey, importKey, dynamicImportKey, exportAllKey, exportNameKey].join())
      throw new Error(
        `[kindling] internal: Vite's module runner names the module parameters ${keys.join(", ")}; this linker was written for other names.`,
      );
  }

  /** A module the runner evaluates: its imports come to the linker (call before running its code). */
  adopt(context: Context, node: EvaluatedModuleNode): void {
    const meta = node.meta as { file?: string | null; url?: string } | undefined;
    const linked: Linked = {
      node,
      url: meta?.url ?? node.url,
      importer: meta?.file || node.id,
      parent: undefined,
      exports: context[exportsKey] as object,
      promise: undefined,
      state: "runner",
    };
    this.#setImports(context, linked);
  }

  #setImports(context: Context, linked: Linked): void {
    context[importKey] = (dep: string, metadata?: Metadata) => this.#import(linked, dep, metadata);
    context[dynamicImportKey] = (dep: unknown) => this.#dynamicImport(linked, dep);
  }

  /** `await __vite_ssr_import__(dep)`: the exports when they are ready (or in a cycle), else a promise of them. */
  #import(importer: Linked, dep: string, metadata: Metadata): unknown {
    const key = fetchKey(dep, importer.importer);
    let linked = this.#byKey.get(key);
    if (!linked) {
      const module = batchModule(this.#options.environment, key);
      if (!module || usesHot(module.code)) return this.#viaRunner(importer, dep, metadata);
      linked = this.#byId.get(module.id);
      if (!linked) {
        const node = this.#runner.evaluatedModules.ensureModule(module.id, module.url);
        // The runner has it (started it, or a cycle through a module it runs): its rules apply.
        if (node.promise || node.evaluated) return this.#viaRunner(importer, dep, metadata);
        takeBatchModule(this.#options.environment, key);
        this.#link(importer, node);
        linked = this.#start(module, node, importer);
        this.#byId.set(module.id, linked);
        this.#byKey.set(key, linked);
        return linked.promise;
      }
      takeBatchModule(this.#options.environment, key);
      this.#byKey.set(key, linked);
    }
    this.#link(importer, linked.node);
    if (linked.state === "done") return linked.exports;
    if (linked.state === "running" && this.#isCircular(importer, linked)) return linked.exports;
    return linked.promise;
  }

  #dynamicImport(importer: Linked, specifier: unknown): Promise<unknown> {
    let dep = String(specifier);
    if (dep[0] === ".") dep = posix.resolve(posix.dirname(importer.url), dep);
    try {
      return Promise.resolve(this.#import(importer, dep, { isDynamicImport: true }));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** As the runner's own `request` closure does for an import of a module it runs. */
  async #viaRunner(importer: Linked, dep: string, metadata: Metadata): Promise<unknown> {
    const node = await this.#runner.cachedModule(dep, importer.importer);
    this.#link(importer, node);
    return this.#runner.cachedRequest(dep, node, this.#callstack(importer), metadata);
  }

  #link(importer: Linked, node: EvaluatedModuleNode): void {
    node.importers.add(importer.node.id);
    importer.node.imports.add(node.id);
  }

  /** Runs the module's code, synchronously up to its first `await` (its first import). */
  #start(module: BatchModule, node: EvaluatedModuleNode, parent: Linked): Linked {
    node.meta = module as never;
    const exports = Object.create(null) as Record<string | symbol, unknown>;
    Object.defineProperty(exports, Symbol.toStringTag, { value: "Module", enumerable: false, configurable: false });
    node.exports = exports;
    const linked: Linked = {
      node,
      url: module.url,
      importer: module.file || module.id,
      parent,
      exports,
      promise: undefined,
      state: "running",
    };
    const meta = this.#options.createImportMeta((module.file || module.id).replace(postfix, ""));
    const importDep = (dep: string, metadata?: Metadata) => this.#import(linked, dep, metadata);
    const dynamicImport = (dep: unknown) => this.#dynamicImport(linked, dep);
    const exportAllFrom = (source: unknown) => exportAll(exports, source);
    const exportName = (name: string, getter: () => unknown) =>
      Object.defineProperty(exports, name, { enumerable: true, configurable: true, get: getter });
    node.evaluated = false;
    let running: Promise<void>;
    try {
      const run = this.#options.compiled(node.id, module.code);
      if (run) {
        running = run(exports, meta, importDep, dynamicImport, exportAllFrom, exportName);
      } else {
        const context: Context = {
          [exportsKey]: exports,
          [importMetaKey]: meta,
          [importKey]: importDep,
          [dynamicImportKey]: dynamicImport,
          [exportAllKey]: exportAllFrom,
          [exportNameKey]: exportName,
        };
        running = this.#options.evaluate(context, module.code, node);
      }
    } catch (error) {
      running = Promise.reject(error as Error);
    }
    linked.promise = running.then(
      () => {
        Object.seal(exports);
        linked.state = "done";
        node.evaluated = true;
        return exports;
      },
      (error: unknown) => {
        linked.state = "failed";
        node.evaluated = true;
        throw error;
      },
    );
    node.promise = linked.promise as never;
    return linked;
  }

  /** Whether waiting for `dep` (still running) would wait for `importer` itself: Vite's rule for cycles. */
  #isCircular(importer: Linked, dep: Linked): boolean {
    const callstack = this.#callstack(importer);
    return callstack.includes(dep.node.id) || this.#runner.isCircularRequest(dep.node, callstack);
  }

  /** The chain of modules that started this one, outermost first, as the runner's `callstack`. */
  #callstack(linked: Linked): string[] {
    const ids: string[] = [];
    for (let at: Linked | undefined = linked; at; at = at.parent) ids.unshift(at.node.id);
    return ids;
  }
}

/** Vite's `__vite_ssr_exportAll__` (`export * from`): live getters for names the module does not export itself. */
function exportAll(exports: Record<string, unknown>, source: unknown): void {
  if (exports === source || !source || (typeof source !== "object" && typeof source !== "function")) return;
  if (Array.isArray(source) || source instanceof Promise) return;
  const from = source as Record<string, unknown>;
  for (const key in from) {
    if (key === "default" || key === "__esModule" || key in exports) continue;
    try {
      Object.defineProperty(exports, key, { enumerable: true, configurable: true, get: () => from[key] });
    } catch {
      // a name the module defined meanwhile (sealed): as Vite's
    }
  }
}
