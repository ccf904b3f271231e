/**
 * The asset server of one dev server: rebuilt when the wrangler config's `assets` section changes.
 * In `vite dev` its lookups are remembered until Vite's watcher reports a change (a change in the
 * assets directory is served without a generation, as soon as the watcher sees it); `vite preview`
 * and `server.watch: null` look at the disk on every request.
 */
import path from "node:path";
import type { ViteDevServer } from "vite";
import type { ResolvedAssetsConfig } from "../config/assets.js";
import { KindlingConfigError } from "../config/errors.js";
import { AssetServer } from "../assets/asset-server.js";
import { combineSources, type AssetSource } from "../assets/asset-source.js";
import { createDirectorySource } from "../assets/directory-source.js";
import { createViteHtmlSource } from "../assets/vite-html-source.js";
import { CachedFileFacts, diskFacts, type FileFacts } from "../assets/file-cache.js";
import { createRouter, type Route } from "../assets/static-routing.js";
import fs from "node:fs";

export interface AssetsHostOptions {
  /** Vite's client pages are assets (dev); false for `vite preview`, which serves only the build. */
  viteClient: boolean;
  /** The wrangler config's name, for messages. */
  fileName(): string;
  /** Why a file must never be served (secrets, state), or undefined. */
  denied(file: string): string | undefined;
}

export class AssetsHost {
  #server: ViteDevServer;
  #options: AssetsHostOptions;
  #config: ResolvedAssetsConfig | undefined;
  #assets: AssetServer | undefined;
  #route: (pathname: string) => Route = () => "either";
  #files: FileFacts;
  #watched = new Set<string>();

  constructor(server: ViteDevServer, config: ResolvedAssetsConfig, options: AssetsHostOptions) {
    this.#server = server;
    this.#options = options;
    const watching = options.viteClient && server.config.server.watch !== null;
    this.#files = watching ? new CachedFileFacts(server.watcher) : diskFacts;
    this.update(config);
  }

  get assets(): AssetServer {
    return this.#assets!;
  }

  route(pathname: string): Route {
    return this.#route(pathname);
  }

  /** Takes the `assets` section of a (re-read) config; a new asset server only when it changed. */
  update(config: ResolvedAssetsConfig): void {
    if (this.#config && JSON.stringify(this.#config) === JSON.stringify(config)) return;
    const sources: AssetSource[] = [];
    if (this.#options.viteClient) sources.push(createViteHtmlSource(this.#server, this.#files));
    const directory = this.#directory(config);
    if (directory) {
      this.#watch(directory);
      sources.push(createDirectorySource(directory, { denied: this.#options.denied, files: this.#files }));
    }
    const logger = this.#server.config.logger;
    this.#assets = new AssetServer(combineSources(sources), {
      htmlHandling: config.htmlHandling,
      notFoundHandling: config.notFoundHandling,
      navigationPrefersAssets: config.navigationPrefersAssets,
      staticRouting: typeof config.runWorkerFirst === "object",
      warn: (message) => logger.warn(`[kindling] ${message}`, { timestamp: true }),
      facts: this.#files,
    });
    this.#route = createRouter(config.runWorkerFirst);
    this.#config = config;
  }

  /** Vite watches its root and publicDir; an assets directory elsewhere is added (once). */
  #watch(directory: string): void {
    if (this.#files === diskFacts || this.#watched.has(directory)) return;
    this.#watched.add(directory);
    // Adding a folder under the root again would disturb chokidar's scan of it (see dev-server-plugin).
    if (!isInside(directory, this.#server.config.root)) this.#server.watcher.add(directory);
  }

  /**
   * The directory served, if any. In dev, a directory that holds Vite's client build (or is inside
   * it) is the build's output: Vite serves the client from its sources instead, as
   * `@cloudflare/vite-plugin` does.
   */
  #directory(config: ResolvedAssetsConfig): string | undefined {
    const directory = config.directory;
    if (!directory) return undefined;
    if (this.#options.viteClient) {
      const { root, environments } = this.#server.config;
      const outDir = path.resolve(root, environments.client?.build.outDir ?? "dist");
      if (isInside(directory, outDir) || isInside(outDir, directory)) return undefined;
    }
    if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
      throw new KindlingConfigError(
        `[kindling] ${this.#options.fileName()}: "assets.directory" is ${directory}, which ${fs.existsSync(directory) ? "is not a directory" : "does not exist"}. ` +
          `Create it, or fix "assets.directory" in ${this.#options.fileName()}.`,
      );
    }
    return directory;
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
