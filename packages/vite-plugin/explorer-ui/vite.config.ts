/** Builds the explorer's page into the plugin's dist/explorer-ui (served at /cdn-cgi/local/explorer). */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/cdn-cgi/local/explorer/",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/explorer-ui", import.meta.url)),
    emptyOutDir: true,
    assetsDir: "assets",
    // Served from the dev server's memory-less file reads: no module preload polyfill requests.
    modulePreload: false,
  },
});
