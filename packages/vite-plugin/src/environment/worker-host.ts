/**
 * Everything the dev server keeps for one worker: its Vite environment, its config (re-read on
 * change), and the GenerationManager that serves its requests.
 */
import fs from "node:fs";
import path from "node:path";
import type { HotUpdateOptions, Logger, ViteDevServer } from "vite";
import type {
  BindingDescriptor,
  DurableObjectClass,
  GenerationConfig,
  ModuleBatch,
  RpcAddress,
  RpcOperation,
  RpcOutcome,
  TriggerEvent,
  WireRequest,
} from "@kindling/runtime/protocol";
import { KindlingConfigError, resolveWorkerConfig, type ResolvedWorkerConfig } from "../config/index.js";
import type { ResolvedOptions } from "../options.js";
import type { WorkerEntry } from "../plugins/state.js";
import { GenerationManager } from "../generation/generation-manager.js";
import type { Generation, OnDisconnect } from "../generation/generation.js";
import { ErrorReporter } from "../overlay/error-reporter.js";
import { WorkflowLog } from "../overlay/workflow-log.js";
import { HostServices } from "./host-services.js";
import { WorkerDevEnvironment } from "./worker-dev-environment.js";
import { PageReloads } from "./page-reloads.js";
import { SourceVersions } from "./source-versions.js";
import { WorkerConsole } from "../overlay/worker-console.js";
import { TraceStore } from "../explorer/trace-store.js";
import { FetchedModules } from "./fetched-modules.js";

/** What a worker's host shares with the other workers of its dev server. */
export interface WorkerHostContext {
  /** The dev server's state directory (bindings named by account-wide ids share it, as in production). */
  persistDir: string;
  /** The worker's own state directory (its Durable Objects and their alarms). */
  ownState: string;
  /** Sends a call for another worker's receiver (of this dev server, or of another one on this machine). */
  route(address: RpcAddress, operation: RpcOperation): Promise<RpcOutcome>;
  /** How another worker defines a class (its migrations), for this worker's `script_name` bindings; undefined if unknown. */
  classOf(worker: string, className: string): DurableObjectClass | undefined;
}

export class WorkerHost {
  readonly environment: WorkerDevEnvironment;
  /** The worker's environment and its `childEnvironments`: the modules its generations run. */
  readonly environments: WorkerDevEnvironment[];
  /** The content of the source files the generations load (an edit, not a rewrite, builds a generation). */
  readonly sources = new SourceVersions();
  #reloads: PageReloads;
  readonly manager: GenerationManager;
  readonly reporter: ErrorReporter;
  readonly services: HostServices;
  #server: ViteDevServer;
  #options: ResolvedOptions;
  #config: ResolvedWorkerConfig;
  #configStale = false;
  #hadGeneration = false;
  #entry: WorkerEntry;
  #context: WorkerHostContext;
  #closed: Promise<void> | undefined;
  /** Per environment: the modules the generations fetched, for the next one's batch. */
  #fetchedModules = new Map<string, FetchedModules>();
  /** Every request and trace batch of this worker's generations; undefined with `explorer: false`. */
  readonly traces: TraceStore | undefined;
  /** Called when a generation was aborted (abortIsolate, CPU or memory limit, exit). */
  readonly abortListeners = new Set<() => void>();
  /** Called after each swap (the config may have changed, e.g. its crons). */
  readonly swapListeners = new Set<(generation: Generation) => void>();

  constructor(
    server: ViteDevServer,
    environment: WorkerDevEnvironment,
    entry: WorkerEntry,
    options: ResolvedOptions,
    context: WorkerHostContext,
  ) {
    this.#server = server;
    this.environment = environment;
    this.environments = [environment, ...entry.childEnvironments.map((name) => workerEnvironment(server, name))];
    this.#reloads = new PageReloads(
      this.environments.map((e) => e.name),
      () => server.environments.client,
    );
    const workerConsole = new WorkerConsole(server.config.logger, () => this.#config.name);
    this.#entry = entry;
    this.#config = entry.config;
    this.#options = options;
    this.#context = context;
    this.reporter = new ErrorReporter({
      workerName: () => this.#config.name,
      logger: server.config.logger,
      overlay: server.ws,
      root: server.config.root,
    });
    server.ws.on("vite:client:connect", (_data, client) => this.reporter.replay(client));
    this.traces = options.explorer ? new TraceStore() : undefined;
    this.manager = new GenerationManager({
      ...(this.traces ? { observer: this.traces } : {}),
      limits: { drainTimeout: options.drainTimeout, cpuTimeLimit: options.cpuTimeLimit, memoryLimit: options.memoryLimit },
      nextConfig: () => this.#nextConfig(),
      invoke: (name, payload) => this.#fetched(name).invoke(payload),
      modules: () => this.#moduleBatch(),
      codeCaches: (caches) => {
        for (const { environment, chunk, data } of caches) this.#fetchedModules.get(environment)?.storeCodeCache(chunk, data);
      },
      hot: {
        connect: (generation, name) => this.#environmentNamed(name).hotChannel.connect(generation),
        message: (generation, name, payload) => this.#environmentNamed(name).hotChannel.receive(generation, payload),
        disconnect: (generation) => this.environments.forEach((e) => e.hotChannel.disconnect(generation)),
      },
      log: (level, text) => workerConsole.write(level, text),
      onSwap: (generation) => this.#onSwap(generation),
      onConfigError: (error) => this.reporter.report(error, "config"),
      onBootError: (error) => this.reporter.report(error, "evaluation"),
      onBackgroundError: (_generation, source, error) => this.reporter.report(error, source),
      onAborted: (error) => {
        this.reporter.announce(error);
        for (const listener of this.abortListeners) listener();
      },
      services: () => this.services,
    });
    this.services = new HostServices(this.manager, context.ownState, this.#logger, () => this.#config.name, context.route);
    const workflowLog = new WorkflowLog({ workerName: () => this.#config.name, logger: this.#logger, reporter: this.reporter });
    this.services.onWorkflowEvent = (event) => workflowLog.report(event);
    this.services.configureWorkflows(entry.config.bindings);
    // A generation that loaded while the optimizer re-bundled may hold modules of both bundles.
    for (const e of this.environments) {
      e.onFullReload(() => this.manager.invalidate("optimized dependencies changed", { supersedesBuild: true }));
    }
  }

  get config(): ResolvedWorkerConfig {
    return this.#config;
  }

  /** The state directory generations use (a temporary one for `persist: false`). */
  get persistDir(): string {
    return this.#context.persistDir;
  }

  /** Whether this is the main worker (the one that answers on Vite's port). */
  get main(): boolean {
    return this.#entry.main;
  }

  get #logger(): Logger {
    return this.#server.config.logger;
  }

  /**
   * Called for every watcher event; decides whether it means a new generation: an edit of a file
   * in the worker's module graphs, or of its config.
   */
  onFileEvent(event: "add" | "change" | "unlink", file: string): void {
    file = path.resolve(file);
    const cause = path.relative(this.#server.config.root, file);
    if (this.#config.watchFiles.includes(file)) {
      this.#configStale = true;
      this.#rebuildFor(file, cause);
      return;
    }
    const graphs = this.environments.filter((e) => (e.moduleGraph.getModulesByFile(file)?.size ?? 0) > 0);
    if (graphs.length > 0) {
      if (!this.sources.changed(file)) return;
      for (const e of graphs) e.moduleGraph.onFileChange(file);
      this.#rebuildFor(file, cause);
      return;
    }
    // A failed generation may be waiting for a file that did not exist or did not resolve.
    if (event !== "unlink" && this.manager.current?.error && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      this.manager.invalidate(`${cause} (the last generation failed)`);
    }
  }

  /** Vite's hotUpdate for `environment`, seen after every other plugin's hook. */
  onHotUpdate(environment: string, options: HotUpdateOptions): void {
    this.#reloads.hotUpdate(environment, options);
  }

  #rebuildFor(file: string, cause: string): void {
    this.#reloads.expect(file);
    this.manager.invalidate(cause);
    this.#recheckLater(file);
  }

  #environmentNamed(name: string): WorkerDevEnvironment {
    const environment = this.environments.find((e) => e.name === name);
    if (!environment)
      throw new Error(`[kindling] internal: a generation named the Vite environment "${name}", which is not this worker's.`);
    return environment;
  }

  #fetched(name: string): FetchedModules {
    let fetched = this.#fetchedModules.get(name);
    if (!fetched) this.#fetchedModules.set(name, (fetched = new FetchedModules(this.#environmentNamed(name))));
    return fetched;
  }

  async #moduleBatch(): Promise<ModuleBatch> {
    const names = this.environments.map((e) => e.name);
    const batches = await Promise.all(names.map((name) => this.#fetched(name).batch()));
    return Object.fromEntries(names.map((name, i) => [name, batches[i]!]));
  }

  /**
   * chokidar drops a second change of one path within ~50 ms of the first (its throttle), and
   * our reloads are fast enough that a quick second save lands there: look again after the window.
   */
  #recheckLater(file: string): void {
    const seen = versionOf(file);
    setTimeout(() => {
      if (versionOf(file) !== seen) this.onFileEvent("change", file);
    }, 60).unref();
  }

  fetch(request: WireRequest, onDisconnect?: OnDisconnect) {
    return this.manager.fetch(request, onDisconnect);
  }

  trigger(event: TriggerEvent) {
    return this.manager.trigger(event);
  }

  close(): Promise<void> {
    this.#closed ??= this.manager.close().then(() => this.services.close());
    return this.#closed;
  }

  #nextConfig(): Omit<GenerationConfig, "generation"> {
    if (this.#configStale) {
      const next = resolveWorkerConfig({
        root: this.#server.config.root,
        configPath: this.#entry.configPath,
        envName: this.#config.envName,
      });
      if (next.main === undefined) {
        throw new KindlingConfigError(
          `[kindling] ${path.basename(next.configFile)}: "main" was removed. Restart vite dev to serve the project as assets only, or put "main" back.`,
        );
      }
      this.#configStale = false;
      this.#config = next;
      this.services.configureWorkflows(next.bindings);
      for (const warning of next.warnings) this.#logger.warn(warning, { timestamp: true });
      // Vars or flags may be inlined anywhere: start from a clean transform cache.
      for (const environment of this.environments) environment.moduleGraph.invalidateAll();
      for (const fetched of this.#fetchedModules.values()) fetched.clear();
    }
    const config = this.#config;
    return {
      workerName: config.name,
      entry: config.main!,
      vars: config.vars,
      bindings: config.bindings.map((binding) => this.#linked(binding)),
      persist: this.#context.persistDir,
      ownState: this.#context.ownState,
      durableObjectClasses: config.durableObjectClasses,
      compatibilityDate: config.compatibilityDate,
      compatibilityFlags: config.compatibilityFlags,
      trace: this.traces !== undefined,
      durableObjectIdleTimeout: durableObjectIdleTimeout(),
      environment: this.environment.name,
      childEnvironments: this.environments.slice(1).map((e) => e.name),
    };
  }

  /**
   * A `script_name` binding names the class as its own worker stores it (a renamed class keeps its
   * first name), so that both workers make the same ids and reach the same objects.
   */
  #linked(binding: BindingDescriptor): BindingDescriptor {
    if (binding.type !== "durable_object_namespace" || !binding.scriptName) return binding;
    const definition = this.#context.classOf(binding.scriptName, binding.className);
    return definition ? { ...binding, storageName: definition.storageName, sqlite: definition.sqlite } : binding;
  }

  /** Reloads open pages unless the browser's HMR took care of every change in this generation. */
  async #reloadPages(): Promise<void> {
    if (await this.#reloads.reloadNeeded()) this.#server.environments.client.hot.send({ type: "full-reload", path: "*" });
  }

  #onSwap(generation: Generation): void {
    if (generation.error) {
      this.reporter.report(generation.error, "evaluation");
    } else {
      this.reporter.recovered();
      if (this.#hadGeneration) {
        this.#logger.info(`[kindling] ${this.#config.name}: generation ${generation.config.generation} ready`, {
          timestamp: true,
        });
        if (this.#options.reloadOnChange) void this.#reloadPages();
      }
    }
    this.#hadGeneration = true;
    for (const listener of this.swapListeners) listener(generation);
  }
}

/** The environment of a child of the worker (`viteEnvironment.childEnvironments`), declared by Kindling's config hook. */
function workerEnvironment(server: ViteDevServer, name: string): WorkerDevEnvironment {
  const environment = server.environments[name];
  if (!(environment instanceof WorkerDevEnvironment)) {
    throw new Error(`[kindling] internal: the Vite environment "${name}" is not Kindling's.`);
  }
  return environment;
}

/**
 * Internal, for tests that must not wait production's 70 s: `KINDLING_DO_IDLE_TIMEOUT_MS` sets how
 * long an idle Durable Object stays in memory.
 */
function durableObjectIdleTimeout(): number | undefined {
  const value = process.env.KINDLING_DO_IDLE_TIMEOUT_MS;
  if (value === undefined || value === "") return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new Error(
      `[kindling] KINDLING_DO_IDLE_TIMEOUT_MS is "${value}", not a whole number of milliseconds above 0. ` +
        `Set it to one (e.g. 1000), or unset it for production's 70 s.`,
    );
  }
  return ms;
}

/**
 * mtime and size: Linux stamps files with a coarse clock, so a save that truncates then writes
 * (`cat > file`) can leave the mtime the watcher saw on the empty file.
 */
function versionOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return undefined;
  }
}
