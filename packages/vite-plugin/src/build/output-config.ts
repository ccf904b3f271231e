/**
 * The `wrangler.json` written next to the built worker: the user's config (the selected
 * environment merged in) with `main` pointing at the bundle, paths rebased to the output
 * directory, no secrets and no absolute paths, so that `wrangler deploy` ships it unchanged.
 */
import path from "node:path";
import { normalizePath } from "vite";
import type { ResolvedWorkerConfig } from "../config/index.js";

/** Keys Vite replaces or that do not apply to a bundle that is already built (as `@cloudflare/vite-plugin` drops them). */
const droppedKeys = [
  "$schema",
  "env",
  "build",
  "alias",
  "define",
  "base_dir",
  "find_additional_modules",
  "rules",
  "no_bundle",
  "tsconfig",
  "minify",
  "site",
  "preserve_file_names",
];

export interface OutputConfigInput {
  config: ResolvedWorkerConfig;
  /** Absolute directory the config is written to. */
  outDir: string;
  /** The bundle's entry file, relative to outDir; undefined for an assets-only project. */
  main: string | undefined;
  /** Absolute directory of the deployed assets (the client build), if there is one. */
  assetsDir: string | undefined;
  /** Whether the bundle has source maps next to it. */
  sourcemap: boolean;
}

export function createOutputConfig({ config, outDir, main, assetsDir, sourcemap }: OutputConfigInput): Record<string, unknown> {
  const output: Record<string, unknown> = { ...config.raw };
  for (const key of droppedKeys) delete output[key];
  const sourceDir = path.dirname(config.configFile);
  const rebase = (file: string) => normalizePath(path.relative(outDir, path.resolve(sourceDir, file))) || ".";
  output.name = config.name;
  output.compatibility_date = config.compatibilityDate;
  if (main !== undefined) {
    output.main = main;
    output.no_bundle = true;
    // The config's rules for non-JavaScript modules still apply to the files emitted next to the bundle.
    const moduleRules = config.moduleRules.filter((rule) => rule.fromConfig);
    output.rules = [
      { type: "ESModule", globs: ["**/*.js", "**/*.mjs"] },
      ...moduleRules.map(({ type, globs, fallthrough }) => ({ type, globs, ...(fallthrough ? { fallthrough } : {}) })),
    ];
    if (sourcemap && output.upload_source_maps === undefined) output.upload_source_maps = true;
  }
  if (assetsDir) output.assets = { ...config.raw.assets, directory: normalizePath(path.relative(outDir, assetsDir)) || "." };
  else delete output.assets;
  const databases = config.raw.d1_databases;
  if (Array.isArray(databases)) {
    output.d1_databases = databases.map((database) => ({
      ...database,
      migrations_dir: rebase((database as { migrations_dir?: string }).migrations_dir ?? "migrations"),
    }));
  }
  return output;
}
