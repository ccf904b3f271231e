/** Wires the worker into `vite dev`: its host, the watcher, and the request middleware. */
import type { Plugin } from "vite";
import { WorkerHost } from "../environment/worker-host.js";
import { WorkerDevEnvironment } from "../environment/worker-dev-environment.js";
import { workerMiddleware } from "../middleware/worker-middleware.js";
import { triggersMiddleware } from "../middleware/triggers.js";
import { websocketMiddleware } from "../middleware/websocket.js";
import { CronScheduler } from "../environment/cron-scheduler.js";
import { announceCrons } from "../environment/announce-crons.js";
import { DevServerQueues } from "../environment/dev-server-queues.js";
import { queuesMiddleware } from "../middleware/queues.js";
import type { PluginState } from "./state.js";

export function devServerPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:dev-server",
    apply: "serve",
    configureServer(server) {
      const environment = server.environments[state.environmentName];
      if (!(environment instanceof WorkerDevEnvironment)) {
        throw new Error(`[kindling] internal: the Vite environment "${state.environmentName}" is not Kindling's.`);
      }
      const config = state.workerConfig;
      for (const warning of config.warnings) server.config.logger.warn(warning);
      const host = new WorkerHost(server, environment, config, state.options);
      environment.onClose(() => host.close());
      // One queue broker per dev server: every worker's producers and consumers share it.
      const queues = new DevServerQueues(host.persistDir, server.config.logger);
      queues.attach(host);
      environment.onClose(async () => queues.close());
      server.watcher.add(config.watchFiles);
      for (const event of ["add", "change", "unlink"] as const) {
        server.watcher.on(event, (file: string) => host.onFileEvent(event, file));
      }
      server.middlewares.use(queuesMiddleware(queues));
      server.middlewares.use(triggersMiddleware([host]));
      server.middlewares.use(workerMiddleware(server, host));
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
        host.manager.invalidate();
        // After Vite printed its URLs.
        setImmediate(() => announceCrons(server, host, state.options.crons));
      };
      if (server.httpServer) server.httpServer.once("listening", start);
      else start();
    },
  };
}
