/**
 * What the dev server answers before the worker does: secret, credential, config and state files
 * are denied (`server.fs.deny`, merged with the user's, plus Kindling's own guard). Must come
 * before the dev-server plugin: its middlewares run first.
 */
import type { Plugin } from "vite";
import { resolveDeniedFiles, type DeniedFiles } from "../security/denied-files.js";
import { deniedFilesMiddleware } from "../middleware/denied-files-middleware.js";
import type { PluginState } from "./state.js";

export function httpSurfacePlugin(state: PluginState): Plugin {
  let denied: DeniedFiles | undefined;
  return {
    name: "kindling:http-surface",
    apply: "serve",
    config() {
      denied = resolveDeniedFiles({ persistDir: state.persistDir, configFile: state.workerConfig.configFile });
      // Arrays merge: the user's own `server.fs.deny` stays, Kindling's list (with Vite's defaults) is added.
      return { server: { fs: { deny: denied.globs } } };
    },
    configureServer(server) {
      server.middlewares.use(deniedFilesMiddleware(server.config, denied!));
    },
  };
}
