/**
 * Everything the dev server keeps for one worker: its Vite environment, its config (re-read on
 * change), and the GenerationManager that serves its requests.
 */
import fs from "node:fs";
import path from "node:path";
import type { Logger, ViteDevServer } from "vite";
import type { WorkerDevEnvironment } from "./worker-dev-environment.js";
import type {
  BindingDescriptor,
  DurableObjectClass,
  GenerationConfig,
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
import { TraceStore } from "../explorer/trace-store.js";

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
      invoke: (payload) => environment.hot.handleInvoke(payload as never),
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

  /** Called for every watcher event; decides whether it means a new generation. */
  onFileEvent(event: "add" | "change" | "unlink", file: string): void {
    file = path.resolve(file);
    const cause = path.relative(this.#server.config.root, file);
    if (this.#config.watchFiles.includes(file)) {
      this.#configStale = true;
      this.manager.invalidate(cause);
      this.#recheckLater(file);
      return;
    }
    const modules = this.environment.moduleGraph.getModulesByFile(file);
    if (modules && modules.size > 0) {
      this.environment.moduleGraph.onFileChange(file);
      this.manager.invalidate(cause);
      this.#recheckLater(file);
      return;
    }
    // A failed generation may be waiting for a file that did not exist or did not resolve.
    if (event !== "unlink" && this.manager.current?.error && !file.includes(`${path.sep}node_modules${path.sep}`)) {
      this.manager.invalidate(`${cause} (the last generation failed)`);
    }
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
      this.environment.moduleGraph.invalidateAll();
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

  #onSwap(generation: Generation): void {
    if (generation.error) {
      this.reporter.report(generation.error, "evaluation");
    } else {
      this.reporter.recovered();
      if (this.#hadGeneration) {
        this.#logger.info(`[kindling] ${this.#config.name}: generation ${generation.config.generation} ready`, {
          timestamp: true,
        });
        if (this.#options.reloadOnChange) this.#server.environments.client.hot.send({ type: "full-reload", path: "*" });
      }
    }
    this.#hadGeneration = true;
    for (const listener of this.swapListeners) listener(generation);
  }
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
