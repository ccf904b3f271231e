/** Wires the workers into `vite dev`: their hosts, the watcher, and the request middleware. */
import path from "node:path";
import type { Plugin } from "vite";
import { DevWorkers } from "../workers/dev-workers.js";
import { workerMiddleware } from "../middleware/worker-middleware.js";
import { triggersMiddleware } from "../middleware/triggers.js";
import { websocketMiddleware } from "../middleware/websocket.js";
import { CronScheduler } from "../environment/cron-scheduler.js";
import { announceCrons } from "../environment/announce-crons.js";
import type { PluginState } from "./state.js";

export function devServerPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:dev-server",
    apply: "serve",
    configureServer(server) {
      const workers = new DevWorkers(server, state);
      const main = workers.main;
      // Vite closes every environment; the main one's close ends them all (and the shared state).
      main.environment.onClose(() => workers.close());
      for (const host of workers.hosts) {
        for (const warning of host.config.warnings) server.config.logger.warn(warning);
        // Vite watches its root already. Adding files under it again (chokidar 3, before its first scan
        // is done) stopped events for their folder's subfolders: an auxiliary worker's src/ went unwatched.
        server.watcher.add(host.config.watchFiles.filter((file) => !isInside(file, server.config.root)));
        for (const event of ["add", "change", "unlink"] as const) {
          server.watcher.on(event, (file: string) => host.onFileEvent(event, file));
        }
        if (state.options.crons) {
          const crons = new CronScheduler(host, server.config.logger);
          crons.update(host.config.crons);
          host.swapListeners.add(() => crons.update(host.config.crons));
          host.environment.onClose(async () => crons.stop());
        }
      }
      server.middlewares.use(triggersMiddleware(workers.hosts));
      // Only the main worker answers on Vite's port, as with the official plugin.
      server.middlewares.use(workerMiddleware(server, main));
      const { allowedHosts, https } = server.config.server;
      // Vite's rule for HTTP requests (hostValidationMiddleware): no Host check under https.
      server.httpServer?.on("upgrade", websocketMiddleware(main, https ? true : allowedHosts));
      const start = () => {
        for (const host of workers.hosts) host.manager.invalidate();
        workers
          .start()
          .catch((error: Error) =>
            server.config.logger.error(`[kindling] Other dev servers cannot reach this one's workers: ${error.message}`),
          );
        // After Vite printed its URLs.
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
