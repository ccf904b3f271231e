/**
 * How a worker's dependencies reach its generations: as production's build treats them. Nothing in
 * node_modules is left to Node (`resolve.noExternal: true`); Vite's dependency optimizer bundles
 * each dependency for the worker's environment, as @cloudflare/vite-plugin configures it
 * (createCloudflareEnvironmentOptions): workerd's conditions, a neutral platform, `require()` of a
 * Node built-in turned into an import. Built-ins and `cloudflare:*` stay external, so the runner
 * serves them the worker's own way (node-compat/, or refused without `nodejs_compat`), for a
 * dependency exactly as for user code. A pre-bundled dependency is one module of the generation's
 * batch: its code and V8's code cache are reused on every reload.
 */
import { builtinModules } from "node:module";
import path from "node:path";
import { esmExternalRequirePlugin, normalizePath, type DepOptimizationOptions } from "vite";
import { matchModuleRule, type ModuleRule } from "../config/module-rules.js";

/** The conditions workerd's bundle is resolved with (@cloudflare/vite-plugin's `defaultConditions`). */
export const workerConditions = ["workerd", "worker", "module", "browser"];

/** Modules the runtime serves itself: never bundled into a dependency. */
export const runtimeModules = [
  "cloudflare:email",
  "cloudflare:node",
  "cloudflare:pipelines",
  "cloudflare:sockets",
  "cloudflare:workers",
  "cloudflare:workflows",
  // The runtime's compiler of `.wasm` imports (module-rules-plugin.ts).
  "kindling:compiled-wasm",
];

const nodeBuiltins = [...builtinModules.filter((name) => !name.startsWith("_")), "sea", "sqlite", "test", "test/reporters"];
const builtinPattern = new RegExp(`^(node:[^/]+.*|(${builtinModules.map(escape).join("|")})(/.*)?)$`);
const runtimePattern = /^(cloudflare|kindling):/;
const scriptExtension = /\.([cm]?[jt]sx?|json)$/i;

export interface WorkerDepsSettings {
  /** The worker's entry: a file or a package export. */
  main: string;
  /** Whether the optimizer scans `main` for dependencies at startup (not in a child environment, whose entries are a framework's). */
  scan: boolean;
  /** The worker's module rules: a dependency's `.wasm`/`.bin`/`.txt` import is served by them, not bundled. */
  moduleRules: readonly ModuleRule[];
  define: Record<string, string>;
}

export function workerOptimizeDeps({ main, scan, moduleRules, define }: WorkerDepsSettings): DepOptimizationOptions {
  const base = path.isAbsolute(main) ? path.dirname(main) : process.cwd();
  const ruled = (file: string) => matchModuleRule(moduleRules, normalizePath(path.relative(base, file))) !== undefined;
  return {
    noDiscovery: false,
    // A generation keeps the optimized dependencies it loaded; a re-optimization must not fail its later imports.
    ignoreOutdatedRequests: true,
    ...(scan && path.isAbsolute(main) ? { entries: [normalizePath(main)] } : {}),
    exclude: [...runtimeModules, ...nodeBuiltins, ...nodeBuiltins.map((name) => `node:${name}`)],
    rolldownOptions: {
      platform: "neutral",
      resolve: { conditionNames: [...workerConditions, "development"] },
      transform: { define },
      plugins: [
        esmExternalRequirePlugin({ external: [builtinPattern, runtimePattern], skipDuplicateCheck: true }),
        {
          // A module-rule file in a dependency (`import wasm from "./x.wasm"`) stays a module of its
          // own, served by the module rules from its absolute path, as for user code.
          name: "kindling:dependency-module-rules",
          async resolveId(source, importer, options) {
            if (!/\.[a-z0-9]+(\?module)?$/i.test(source) || scriptExtension.test(source)) return null;
            const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
            if (!resolved || resolved.external || !ruled(resolved.id.replace(/\?.*$/, ""))) return null;
            return { id: normalizePath(resolved.id), external: true };
          },
        },
      ],
    },
  };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
