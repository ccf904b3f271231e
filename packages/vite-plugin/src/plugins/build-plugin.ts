/**
 * `vite build`: the worker's environment builds one bundle (`index.js`, source maps) with every
 * dependency inlined, `cloudflare:*` external and Node built-ins external under `nodejs_compat`
 * (an error without it, as the deployed worker would fail); the client goes to `dist/client`.
 */
import path from "node:path";
import { isBuiltin } from "node:module";
import type { Plugin, UserConfig } from "vite";
import { buildApp } from "../build/build-app.js";
import type { PluginState } from "./state.js";
import { resolveCompatibility } from "@kindling/runtime/compatibility";

export function buildPlugin(state: PluginState): Plugin {
  return {
    name: "kindling:build",
    apply: "build",
    config(userConfig, env) {
      const config = state.workerConfig;
      if (config.main === undefined) return { builder: {} };
      const name = state.environmentName;
      const outDir = userConfig.build?.outDir ?? "dist";
      const userWorker = userConfig.environments?.[name]?.build;
      return {
        // App mode: `vite build` builds every environment (the worker's too), not only the client.
        builder: {},
        environments: {
          [name]: {
            define: { "process.env.NODE_ENV": JSON.stringify(process.env.NODE_ENV || env.mode) },
            resolve: { noExternal: true },
            build: {
              outDir: userWorker?.outDir ?? path.join(outDir, name),
              ssr: true,
              emitAssets: true,
              copyPublicDir: false,
              target: "es2024",
              sourcemap: userWorker?.sourcemap ?? userConfig.build?.sourcemap ?? true,
              rolldownOptions: { input: { index: config.main }, preserveEntrySignatures: "strict", platform: "neutral" },
            },
          },
          client: { build: { outDir: userConfig.environments?.client?.build?.outDir ?? path.join(outDir, "client") } },
        },
      } satisfies UserConfig;
    },
    applyToEnvironment(environment) {
      return environment.name === state.environmentName || environment.name === "client";
    },
    resolveId: {
      order: "pre",
      handler(source, importer) {
        if (this.environment.name !== state.environmentName) return undefined;
        if (source.startsWith("cloudflare:")) return { id: source, external: true };
        if (!isBuiltin(source) || source.startsWith("file:")) return undefined;
        const id = source.startsWith("node:") ? source : `node:${source}`;
        const { compatibilityDate, compatibilityFlags } = state.workerConfig;
        const flags = resolveCompatibility(compatibilityDate, compatibilityFlags);
        // nodejs_compat is on by default from compatibility date 2026-08-04.
        const nodeCompat = flags.nodejs_compat || flags.nodejs_compat_v2;
        const asyncHooks = flags.nodejs_als && id === "node:async_hooks";
        if (nodeCompat || asyncHooks) return { id, external: true };
        this.error(
          `[kindling] ${importer ? path.relative(state.root, importer) : "The worker"} imports "${source}", a Node.js built-in module, ` +
            `which Workers provide only with the "nodejs_compat" compatibility flag. Add "nodejs_compat" to "compatibility_flags" in your wrangler config.`,
        );
      },
    },
    buildApp: {
      order: "post",
      handler: (builder) => buildApp(builder, state.workerConfig, state.environmentName),
    },
  };
}
