/**
 * `vite preview`: the build output (the `wrangler.json` the last `vite build` wrote, its bundle and
 * its assets directory), not the sources, served through Kindling with the bindings and state of
 * `vite dev`. The bundle runs in generations of a dev server in middleware mode whose root is the
 * bundle's directory; it is never re-run on change.
 */
import path from "node:path";
import { createServer, type Plugin, type PreviewServer, type ViteDevServer } from "vite";
import { KindlingConfigError } from "../config/index.js";
import { readDeployConfig } from "../build/deploy-config.js";
import { requestTargetMiddleware } from "../middleware/request-target-middleware.js";
import { triggersMiddleware } from "../middleware/triggers.js";
import { routerMiddleware } from "../middleware/router-middleware.js";
import { websocketMiddleware } from "../middleware/websocket.js";
import { PluginState } from "./state.js";
import { environmentPlugin } from "./environment-plugin.js";
import { httpSurfacePlugin } from "./http-surface-plugin.js";
import { devServerPlugin } from "./dev-server-plugin.js";

export function previewPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:preview",
    async configurePreviewServer(server) {
      const output = readDeployConfig(state.root);
      if (!output) {
        throw new KindlingConfigError(
          `[kindling] vite preview found no build output in ${state.root} (.wrangler/deploy/config.json is missing). Run \`vite build\` first.`,
        );
      }
      const outputConfig = output.configPath;
      // The auxiliary workers run from their build output too, in the Vite environments of `vite dev`.
      const auxiliaryWorkers = output.auxiliaryWorkers.map((configPath, index) => ({
        configPath,
        viteEnvironmentName: state.options.auxiliaryWorkers[index]?.viteEnvironmentName,
        childEnvironments: [],
      }));
      const nestedState = new PluginState(
        {
          ...state.options,
          configPath: outputConfig,
          auxiliaryWorkers,
          persist: state.persistDir,
          reloadOnChange: false,
          explorer: false,
        },
        {
          secretsDir: path.dirname(state.workerConfig.configFile),
          auxiliarySecretsDirs: state.workers.slice(1).map((worker) => path.dirname(worker.config.configFile)),
        },
      );
      const built = await createServer({
        configFile: false,
        root: path.dirname(outputConfig),
        mode: server.config.mode,
        logLevel: server.config.logLevel,
        customLogger: server.config.logger,
        clearScreen: false,
        publicDir: false,
        envDir: false,
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
        optimizeDeps: { noDiscovery: true, include: [] },
        plugins: [environmentPlugin(nestedState), httpSurfacePlugin(nestedState), devServerPlugin(nestedState)],
      });
      mount(server, built, nestedState);
    },
  };
}

function mount(server: PreviewServer, built: ViteDevServer, state: PluginState): void {
  const host = state.host;
  const assets = state.assets!;
  server.middlewares.use(requestTargetMiddleware());
  if (host) server.middlewares.use(triggersMiddleware([host]));
  server.middlewares.use(
    routerMiddleware(built, { assets: () => assets.assets, route: (p) => assets.route(p), worker: host, viteServes: false }),
  );
  const { allowedHosts, https } = server.config.preview;
  if (host) server.httpServer.on("upgrade", websocketMiddleware(host, https ? true : allowedHosts));
  const close = server.close.bind(server);
  server.close = async () => {
    await Promise.all([close(), built.close()]);
  };
  server.httpServer.once("close", () => void built.close());
}
