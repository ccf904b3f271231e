/** What the sub-plugins share: resolved options and the worker's config, read once in `config`. */
import path from "node:path";
import { resolveWorkerConfig, type ResolvedWorkerConfig } from "../config/index.js";
import type { ResolvedOptions } from "../options.js";
import { resolvePersistDir } from "../persist-dir.js";

export class PluginState {
  readonly options: ResolvedOptions;
  #workerConfig: ResolvedWorkerConfig | undefined;
  #persistDir: string | false | undefined;

  constructor(options: ResolvedOptions) {
    this.options = options;
  }

  /** Reads the wrangler config; called from the `config` hook, before environments exist. */
  init(root: string | undefined): { environmentName: string; persistDir: string | false } {
    const resolvedRoot = path.resolve(root ?? process.cwd());
    this.#workerConfig = resolveWorkerConfig({
      root: resolvedRoot,
      configPath: this.options.configPath,
      envName: process.env.CLOUDFLARE_ENV || undefined,
    });
    this.#persistDir = resolvePersistDir(resolvedRoot, this.options.persist);
    return { environmentName: this.environmentName, persistDir: this.#persistDir };
  }

  /** The absolute state directory, or false for in-memory state; known once `init` ran. */
  get persistDir(): string | false {
    if (this.#persistDir === undefined)
      throw new Error("[kindling] internal: the state directory was read before Vite's config hook ran.");
    return this.#persistDir;
  }

  get workerConfig(): ResolvedWorkerConfig {
    if (!this.#workerConfig) throw new Error("[kindling] internal: the worker config was read before Vite's config hook ran.");
    return this.#workerConfig;
  }

  get environmentName(): string {
    return this.options.viteEnvironmentName ?? this.workerConfig.name.replace(/[^A-Za-z0-9_$]/g, "_");
  }
}
