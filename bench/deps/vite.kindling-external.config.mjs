import { defineConfig } from "vite";
import { kindling } from "@kindling/vite-plugin";

/**
 * Kindling as it was before session 22, for comparison: node_modules left to Node (imported natively
 * by the generation's thread, entry resolved with workerd's conditions), no dependency optimizer.
 */
const externalizeDependencies = {
  name: "bench:externalize-dependencies",
  configEnvironment(name, config) {
    if (name === "client") return;
    config.resolve.noExternal = [];
    config.resolve.externalConditions = ["workerd", "worker", "browser", "development|production"];
    config.optimizeDeps.noDiscovery = true;
    config.optimizeDeps.include = [];
    config.optimizeDeps.entries = [];
  },
};

export default defineConfig({
  plugins: [kindling(), externalizeDependencies],
  cacheDir: ".vite",
  logLevel: "warn",
  clearScreen: false,
});
