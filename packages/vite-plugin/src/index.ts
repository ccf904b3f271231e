/** Kindling: run Cloudflare Workers inside `vite dev` on Node.js. */
import type { Plugin } from "vite";
import { resolveOptions, type KindlingOptions } from "./options.js";
import { PluginState } from "./plugins/state.js";
import { environmentPlugin } from "./plugins/environment-plugin.js";
import { devServerPlugin } from "./plugins/dev-server-plugin.js";
import { httpSurfacePlugin } from "./plugins/http-surface-plugin.js";
import { buildPlugin } from "./plugins/build-plugin.js";
import { previewPlugin } from "./plugins/preview-plugin.js";
import { moduleRulesPlugin } from "./plugins/module-rules-plugin.js";
import { usingDeclarationsPlugin } from "./plugins/using-declarations-plugin.js";

export type { KindlingOptions } from "./options.js";
export { KindlingConfigError } from "./config/index.js";
export { getPlatformProxy, type GetPlatformProxyOptions, type PlatformProxy } from "./platform-proxy.js";

/** The Kindling Vite plugin: `plugins: [kindling()]` in vite.config.ts. */
export function kindling(options: KindlingOptions = {}): Plugin[] {
  const state = new PluginState(resolveOptions(options));
  // Order matters: the HTTP surface's middlewares must run before the worker's.
  return [
    environmentPlugin(state),
    httpSurfacePlugin(state),
    devServerPlugin(state),
    moduleRulesPlugin(state),
    buildPlugin(state),
    previewPlugin(state),
    usingDeclarationsPlugin(state),
  ];
}
