/** Wires the workers and their assets into `vite dev`: the workers' hosts, the watcher, and the request middleware. */
import path from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { DevWorkers } from "../workers/dev-workers.js";
import { routerMiddleware } from "../middleware/router-middleware.js";
import { triggersMiddleware } from "../middleware/triggers.js";
import { websocketMiddleware } from "../middleware/websocket.js";
import { CronScheduler } from "../environment/cron-scheduler.js";
import { announceCrons } from "../environment/announce-crons.js";
import { DevServerQueues } from "../environment/dev-server-queues.js";
import { queuesMiddleware } from "../middleware/queues.js";
import { AssetsHost } from "../environment/assets-host.js";
import { AssetsBindingHost } from "../environment/assets-binding-host.js";
import { resolveDeniedFiles } from "../security/denied-files.js";
import { resolveWorkerConfig } from "../config/index.js";
import type { PluginState } from "./state.js";
import { setUpExplorer } from "../explorer/explorer-plugin-setup.js";

export function devServerPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:dev-server",
    apply: "serve",
    configureServer(server) {
      const config = state.workerConfig;
      const configFiles = state.workers.map((worker) => worker.config.configFile);
      const denied = resolveDeniedFiles({ persistDir: state.persistDir, configFiles });
      const assets = new AssetsHost(server, config.assets, {
        viteClient: !state.preview,
        fileName: () => path.basename(config.configFile),
        denied: (file) => denied.match(file),
      });
      state.assets = assets;
      if (config.main === undefined) {
        for (const warning of config.warnings) server.config.logger.warn(warning);
        if (state.options.explorer && !state.preview) setUpExplorer(server, undefined);
        return serveAssetsOnly(server, state, assets);
      }

      const workers = new DevWorkers(server, state);
      const main = workers.main;
      state.host = main;
      state.hosts = workers.hosts;
      // Vite closes every environment; the main one's close ends them all (and the shared state).
      main.environment.onClose(() => workers.close());
      // One queue broker per dev server: every worker's producers and consumers share it.
      const queues = new DevServerQueues(main.persistDir, server.config.logger);
      main.environment.onClose(async () => queues.close());
      server.middlewares.use(queuesMiddleware(queues));
      for (const host of workers.hosts) {
        for (const warning of host.config.warnings) server.config.logger.warn(warning);
        // Vite watches its root already. Adding files under it again (chokidar 3, before its first scan
        // is done) stopped events for their folder's subfolders: an auxiliary worker's src/ went unwatched.
        server.watcher.add(host.config.watchFiles.filter((file) => !isInside(file, server.config.root)));
        for (const event of ["add", "change", "unlink"] as const) {
          server.watcher.on(event, (file: string) => host.onFileEvent(event, file));
        }
        host.services.registerUnit("assets", new AssetsBindingHost(server.middlewares));
        queues.attach(host);
        if (state.options.crons) {
          const crons = new CronScheduler(host, server.config.logger);
          crons.update(host.config.crons);
          host.swapListeners.add(() => crons.update(host.config.crons));
          host.environment.onClose(async () => crons.stop());
        }
      }
      main.swapListeners.add(() => {
        try {
          assets.update(main.config.assets);
        } catch (error) {
          main.reporter.report(error, "config");
        }
      });
      // The explorer shows every worker's bindings and requests, and the dev server's queues and workflows.
      if (state.options.explorer && !state.preview) setUpExplorer(server, { hosts: workers.hosts, queues });
      server.middlewares.use(triggersMiddleware(workers.hosts));
      // Only the main worker (and its assets) answers on Vite's port, as with the official plugin.
      server.middlewares.use(
        routerMiddleware(server, {
          assets: () => assets.assets,
          route: (p) => assets.route(p),
          worker: main,
          viteServes: !state.preview,
        }),
      );
      const { allowedHosts, https } = server.config.server;
      // Vite's rule for HTTP requests (hostValidationMiddleware): no Host check under https.
      server.httpServer?.on("upgrade", websocketMiddleware(main, https ? true : allowedHosts));
      const start = () => {
        for (const host of workers.hosts) host.manager.invalidate("vite dev started");
        workers
          .start()
          .catch((error: Error) =>
            server.config.logger.error(`[kindling] Other dev servers cannot reach this one's workers: ${error.message}`),
          );
        // After Vite printed its URLs.
        if (state.preview) return;
        setImmediate(() => {
          for (const host of workers.hosts) announceCrons(server, host, state.options.crons);
        });
      };
      if (server.httpServer) server.httpServer.once("listening", start);
      else start();
    },
  };
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** No "main": Vite's client and the assets directory, under production's asset rules; the config is re-read on change. */
function serveAssetsOnly(server: ViteDevServer, state: PluginState, assets: AssetsHost): void {
  const { configFile } = state.workerConfig;
  server.watcher.add(configFile);
  server.watcher.on("change", (file) => {
    if (path.resolve(file) !== configFile) return;
    try {
      const next = resolveWorkerConfig({
        root: server.config.root,
        configPath: state.options.configPath,
        envName: state.workerConfig.envName,
      });
      if (next.main !== undefined) {
        server.config.logger.warn(
          `[kindling] "main" was added to ${path.basename(configFile)}: restart vite dev to run the worker.`,
        );
      }
      assets.update(next.assets);
    } catch (error) {
      server.config.logger.error((error as Error).message, { timestamp: true });
    }
  });
  server.middlewares.use(
    routerMiddleware(server, {
      assets: () => assets.assets,
      route: () => "either",
      worker: undefined,
      viteServes: !state.preview,
    }),
  );
}
