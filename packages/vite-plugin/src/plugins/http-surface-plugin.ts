/**
 * What the dev server answers before the worker does: secret, credential, config and state files
 * are denied (`server.fs.deny`, merged with the user's, plus Kindling's own guard), requests the
 * worker cannot be given are answered, and Vite's CORS stays off the worker's responses unless the
 * user set `server.cors`. Must come before the dev-server plugin: its middlewares run first.
 */
import http from "node:http";
import https from "node:https";
import { defaultAllowedOrigins, type Plugin } from "vite";
import type { CorsOptions } from "cors";
import { resolveDeniedFiles, type DeniedFiles } from "../security/denied-files.js";
import { requestTargetMiddleware } from "../middleware/request-target-middleware.js";
import { deniedFilesMiddleware } from "../middleware/denied-files-middleware.js";
import { viteCorsMiddleware } from "../middleware/vite-cors-middleware.js";
import { answerUnparsedRequests } from "../middleware/unparsed-requests.js";
import type { PluginState } from "./state.js";

export function httpSurfacePlugin(state: PluginState): Plugin {
  let denied: DeniedFiles | undefined;
  /** Vite's CORS options, applied by Kindling to Vite's own requests only; unset when the user set `server.cors`. */
  let viteCors: CorsOptions | undefined;
  return {
    name: "kindling:http-surface",
    apply: "serve",
    config(userConfig) {
      const configFiles = state.workers.map((worker) => worker.config.configFile);
      denied = resolveDeniedFiles({ persistDir: state.persistDir, configFiles });
      // Vite's default, which its `server.cors: undefined` means.
      viteCors = userConfig.server?.cors === undefined ? { origin: defaultAllowedOrigins } : undefined;
      // Arrays merge: the user's own `server.fs.deny` stays, Kindling's list (with Vite's defaults) is added.
      return { server: { fs: { deny: denied.globs }, ...(viteCors ? { cors: false } : {}) } };
    },
    configureServer(server) {
      server.middlewares.use(requestTargetMiddleware());
      server.middlewares.use(deniedFilesMiddleware(server.config, denied!));
      if (viteCors) server.middlewares.use(viteCorsMiddleware(server.config, viteCors));
      const { httpServer } = server;
      if (httpServer instanceof http.Server || httpServer instanceof https.Server) answerUnparsedRequests(httpServer);
    },
  };
}
