/** What the sub-plugins share: resolved options and the worker's config, read once in `config`. */
import path from "node:path";
import { loadEnv, type ConfigEnv, type UserConfig } from "vite";
import { resolveWorkerConfig, type ResolvedWorkerConfig } from "../config/index.js";
import type { ResolvedOptions } from "../options.js";
import { resolvePersistDir } from "../persist-dir.js";
import type { WorkerHost } from "../environment/worker-host.js";
import type { AssetsHost } from "../environment/assets-host.js";

/** Set by `vite preview` on the dev server it runs the build output in. */
export interface PreviewSettings {
  /** The project's directory: its `.dev.vars` / `.env` secrets apply to the build too. */
  secretsDir: string;
}

export class PluginState {
  readonly options: ResolvedOptions;
  readonly preview: PreviewSettings | undefined;
  /** The worker's host, once `vite dev` configured the server (absent for an assets-only project). */
  host: WorkerHost | undefined;
  /** The asset server's host, once `vite dev` configured the server. */
  assets: AssetsHost | undefined;
  #workerConfig: ResolvedWorkerConfig | undefined;
  #persistDir: string | false | undefined;
  #root: string | undefined;

  constructor(options: ResolvedOptions, preview?: PreviewSettings) {
    this.options = options;
    this.preview = preview;
  }

  /**
   * Reads the wrangler config; called from the `config` hook, before environments exist.
   * `CLOUDFLARE_ENV` comes from the environment or, as `@cloudflare/vite-plugin` reads it, from
   * Vite's `.env`, `.env.<mode>` files.
   */
  init(userConfig: UserConfig, env: Pick<ConfigEnv, "mode">): { environmentName: string; persistDir: string | false } {
    const resolvedRoot = path.resolve(userConfig.root ?? process.cwd());
    const envDir = userConfig.envDir === false ? undefined : path.resolve(resolvedRoot, userConfig.envDir ?? "");
    const fromFiles = envDir ? loadEnv(env.mode, envDir, "CLOUDFLARE_") : {};
    this.#root = resolvedRoot;
    this.#workerConfig = resolveWorkerConfig({
      root: resolvedRoot,
      configPath: this.options.configPath,
      // The build output has its environment merged in already.
      envName: this.preview ? undefined : process.env.CLOUDFLARE_ENV || fromFiles.CLOUDFLARE_ENV || undefined,
      secretsDir: this.preview?.secretsDir,
    });
    this.#persistDir = resolvePersistDir(resolvedRoot, this.options.persist);
    return { environmentName: this.environmentName, persistDir: this.#persistDir };
  }

  /** The absolute project root; known once `init` ran. */
  get root(): string {
    if (this.#root === undefined) throw new Error("[kindling] internal: the root was read before Vite's config hook ran.");
    return this.#root;
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
