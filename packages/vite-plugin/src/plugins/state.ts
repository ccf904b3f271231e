/** What the sub-plugins share: resolved options and the workers' configs, read once in `config`. */
import fs from "node:fs";
import path from "node:path";
import { loadEnv, type ConfigEnv, type UserConfig } from "vite";
import { KindlingConfigError, resolveWorkerConfig, type ResolvedWorkerConfig } from "../config/index.js";
import type { ResolvedOptions } from "../options.js";
import { resolvePersistDir } from "../persist-dir.js";
import type { WorkerHost } from "../environment/worker-host.js";
import type { AssetsHost } from "../environment/assets-host.js";

/** Set by `vite preview` on the dev server it runs the build output in. */
export interface PreviewSettings {
  /** The project's directory: its `.dev.vars` / `.env` secrets apply to the build too. */
  secretsDir: string;
  /** Each auxiliary worker's source directory, in `auxiliaryWorkers` order: where its secrets are. */
  auxiliarySecretsDirs: string[];
}

/** One worker of this dev server: the main one (answers on Vite's port) or an auxiliary one. */
export interface WorkerEntry {
  /** Its config path as the option gave it (undefined: the main worker's default config). */
  configPath: string | undefined;
  /** Where the option gave it, for messages: `configPath` or `auxiliaryWorkers[i].configPath`. */
  option: string;
  environmentName: string;
  /** More Vite environments whose modules run in this worker (`viteEnvironment.childEnvironments`). */
  childEnvironments: string[];
  /** The config as read at start-up (each worker's host re-reads its own on change). */
  config: ResolvedWorkerConfig;
  main: boolean;
}

export class PluginState {
  readonly options: ResolvedOptions;
  readonly preview: PreviewSettings | undefined;
  /** The main worker's host, once `vite dev` configured the server (absent for an assets-only project). */
  host: WorkerHost | undefined;
  /** Every worker's host (the main one first), once `vite dev` configured the server. */
  hosts: readonly WorkerHost[] = [];
  /** The asset server's host, once `vite dev` configured the server. */
  assets: AssetsHost | undefined;
  #workers: WorkerEntry[] | undefined;
  #persistDir: string | false | undefined;
  #root: string | undefined;

  constructor(options: ResolvedOptions, preview?: PreviewSettings) {
    this.options = options;
    this.preview = preview;
  }

  /**
   * Reads the wrangler configs; called from the `config` hook, before environments exist.
   * `CLOUDFLARE_ENV` comes from the environment or, as `@cloudflare/vite-plugin` reads it, from
   * Vite's `.env`, `.env.<mode>` files.
   */
  init(userConfig: UserConfig, env: Pick<ConfigEnv, "mode">): { environmentNames: string[]; persistDir: string | false } {
    const resolvedRoot = path.resolve(userConfig.root ?? process.cwd());
    const envDir = userConfig.envDir === false ? undefined : path.resolve(resolvedRoot, userConfig.envDir ?? "");
    const fromFiles = envDir ? loadEnv(env.mode, envDir, "CLOUDFLARE_") : {};
    this.#root = resolvedRoot;
    // The build output has its environment merged in already.
    const envName = this.preview ? undefined : process.env.CLOUDFLARE_ENV || fromFiles.CLOUDFLARE_ENV || undefined;
    const read = (configPath: string | undefined, secretsDir?: string) =>
      resolveWorkerConfig({ root: resolvedRoot, configPath, envName, secretsDir });
    const main = read(this.options.configPath, this.preview?.secretsDir);
    const workers: WorkerEntry[] = [
      {
        configPath: this.options.configPath,
        option: "configPath",
        environmentName: this.options.viteEnvironmentName ?? environmentNameOf(main.name),
        childEnvironments: this.options.childEnvironments,
        config: main,
        main: true,
      },
    ];
    for (const [index, auxiliary] of this.options.auxiliaryWorkers.entries()) {
      const file = path.resolve(resolvedRoot, auxiliary.configPath);
      if (!fs.existsSync(file)) {
        throw new KindlingConfigError(
          `[kindling] kindling() options: "auxiliaryWorkers[${index}].configPath" is "${auxiliary.configPath}", but ` +
            `${file} does not exist. Point it at the auxiliary worker's wrangler config, relative to Vite's root.`,
        );
      }
      const config = read(auxiliary.configPath, this.preview?.auxiliarySecretsDirs[index]);
      if (config.main === undefined) {
        throw new KindlingConfigError(
          `[kindling] ${path.relative(resolvedRoot, config.configFile)}: "main" is missing. Set it to your worker's entry file, e.g. "main": "src/index.ts".`,
        );
      }
      const entry: WorkerEntry = {
        configPath: auxiliary.configPath,
        option: `auxiliaryWorkers[${index}].configPath`,
        environmentName: auxiliary.viteEnvironmentName ?? environmentNameOf(config.name),
        childEnvironments: auxiliary.childEnvironments,
        config,
        main: false,
      };
      assertDistinct(entry, workers);
      workers.push(entry);
    }
    this.#workers = workers;
    this.#persistDir = resolvePersistDir(resolvedRoot, this.options.persist);
    assertChildEnvironments(workers);
    return {
      environmentNames: workers.flatMap((w) => [w.environmentName, ...w.childEnvironments]),
      persistDir: this.#persistDir,
    };
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

  /** Every worker of this dev server, the main one first. */
  get workers(): readonly WorkerEntry[] {
    if (!this.#workers) throw new Error("[kindling] internal: the worker config was read before Vite's config hook ran.");
    return this.#workers;
  }

  /** The main worker's config. */
  get workerConfig(): ResolvedWorkerConfig {
    return this.workers[0]!.config;
  }

  /** The main worker's Vite environment. */
  get environmentName(): string {
    return this.workers[0]!.environmentName;
  }

  /** The host of the worker whose generations run the Vite environment `name`, once `vite dev` configured the server. */
  hostOf(environment: string): WorkerHost | undefined {
    return this.hosts.find((host) => host.environments.some((e) => e.name === environment));
  }

  /** Whether `name` is a Vite environment whose modules run in a worker (its own or a child one). */
  isWorkerEnvironment(name: string): boolean {
    return this.workers.some((worker) => worker.environmentName === name || worker.childEnvironments.includes(name));
  }
}

/** A worker's default Vite environment: its name as an identifier (as the official plugin derives it). */
function environmentNameOf(workerName: string): string {
  return workerName.replace(/[^A-Za-z0-9_$]/g, "_");
}

/** Each worker needs a config, a name and a Vite environment of its own. */
function assertDistinct(entry: WorkerEntry, earlier: readonly WorkerEntry[]): void {
  const { config } = entry;
  const file = (worker: WorkerEntry) => worker.configPath ?? path.basename(worker.config.configFile);
  const sameFile = earlier.find((worker) => worker.config.configFile === config.configFile);
  if (sameFile) {
    throw new KindlingConfigError(
      `[kindling] kindling() options: "${entry.option}" is "${entry.configPath}", the config of a worker this dev server ` +
        `runs already (${sameFile.option}). Each worker needs a wrangler config of its own.`,
    );
  }
  const sameName = earlier.find((worker) => worker.config.name === config.name);
  if (sameName) {
    throw new KindlingConfigError(
      `[kindling] ${file(entry)} ("${entry.option}"): the worker is named "${config.name}", as the worker of ` +
        `${file(sameName)} ("${sameName.option}") is. Workers reach each other by name: give each a "name" of its own.`,
    );
  }
  const sameEnvironment = earlier.find((worker) => worker.environmentName === entry.environmentName);
  if (sameEnvironment || entry.environmentName === "client") {
    const other = sameEnvironment ? `worker "${sameEnvironment.config.name}" runs in it already` : "it is Vite's own";
    throw new KindlingConfigError(
      `[kindling] kindling() options: worker "${config.name}" ("${entry.option}") cannot run in the Vite environment ` +
        `"${entry.environmentName}": ${other}. Give it one of its own with viteEnvironment: { name: "..." }.`,
    );
  }
}

/**
 * The names @cloudflare/vite-plugin refuses too: "client" is Vite's browser environment, and one
 * environment runs in one worker (the workers' own environments are checked by assertDistinct).
 */
function assertChildEnvironments(workers: readonly WorkerEntry[]): void {
  const browser = `"client", the name of Vite's browser environment`;
  const main = workers[0]!;
  if (main.environmentName === "client") {
    throw new KindlingConfigError(
      `[kindling] The worker's Vite environment would be ${browser}. Set another name with kindling({ viteEnvironment: { name } }).`,
    );
  }
  const seen = new Set(workers.map((worker) => worker.environmentName));
  for (const [index, worker] of workers.entries()) {
    const option = worker.main
      ? "viteEnvironment.childEnvironments"
      : `auxiliaryWorkers[${index - 1}].viteEnvironment.childEnvironments`;
    for (const name of worker.childEnvironments) {
      if (name === "client") {
        throw new KindlingConfigError(`[kindling] kindling() options: ${option} names ${browser}. Remove it from the list.`);
      }
      if (seen.has(name)) {
        throw new KindlingConfigError(
          `[kindling] kindling() options: ${option} names "${name}" twice, or as a worker's own environment. Name each environment once.`,
        );
      }
      seen.add(name);
    }
  }
}
