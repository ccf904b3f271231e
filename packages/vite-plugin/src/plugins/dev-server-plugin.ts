/** Wires the worker and its assets into `vite dev`: the worker's host, the watcher, and the request middleware. */
import path from "node:path";
import type { Plugin, ViteDevServer } from "vite";
import { WorkerHost } from "../environment/worker-host.js";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import { routerMiddleware } from "../middleware/router-middleware.js";
import { triggersMiddleware } from "../middleware/triggers.js";
import { websocketMiddleware } from "../middleware/websocket.js";
import { CronScheduler } from "../environment/cron-scheduler.js";
import { announceCrons } from "../environment/announce-crons.js";
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
      for (const warning of config.warnings) server.config.logger.warn(warning);
      const denied = resolveDeniedFiles({ persistDir: state.persistDir, configFile: config.configFile });
      const assets = new AssetsHost(server, config.assets, {
        viteClient: !state.preview,
        fileName: () => path.basename(config.configFile),
        denied: (file) => denied.match(file),
      });
      state.assets = assets;
      if (config.main === undefined) {
        if (state.options.explorer && !state.preview) setUpExplorer(server, undefined);
        return serveAssetsOnly(server, state, assets);
      }

      const environment = server.environments[state.environmentName];
      if (!(environment instanceof WorkerDevEnvironment)) {
        throw new Error(`[kindling] internal: the Vite environment "${state.environmentName}" is not Kindling's.`);
      }
      const host = new WorkerHost(server, environment, config, state.options);
      state.host = host;
      environment.onClose(() => host.close());
      server.watcher.add(config.watchFiles);
      for (const event of ["add", "change", "unlink"] as const) {
        server.watcher.on(event, (file: string) => host.onFileEvent(event, file));
      }
      host.services.registerUnit("assets", new AssetsBindingHost(server.middlewares));
      host.swapListeners.add(() => {
        try {
          assets.update(host.config.assets);
        } catch (error) {
          host.reporter.report(error, "config");
        }
      });
      if (state.options.explorer && !state.preview) setUpExplorer(server, host);
      server.middlewares.use(triggersMiddleware([host]));
      server.middlewares.use(
        routerMiddleware(server, {
          assets: () => assets.assets,
          route: (p) => assets.route(p),
          worker: host,
          viteServes: !state.preview,
        }),
      );
      const { allowedHosts, https } = server.config.server;
      // Vite's rule for HTTP requests (hostValidationMiddleware): no Host check under https.
      server.httpServer?.on("upgrade", websocketMiddleware(host, https ? true : allowedHosts));
      if (state.options.crons) {
        const crons = new CronScheduler(host, server.config.logger);
        crons.update(host.config.crons);
        host.swapListeners.add(() => crons.update(host.config.crons));
        environment.onClose(async () => crons.stop());
      }
      const start = () => {
        host.manager.invalidate("vite dev started");
        // After Vite printed its URLs.
        if (!state.preview) setImmediate(() => announceCrons(server, host, state.options.crons));
      };
      if (server.httpServer) server.httpServer.once("listening", start);
      else start();
    },
  };
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
