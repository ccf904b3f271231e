/** wrangler config + CLOUDFLARE_ENV + .dev.vars -> ResolvedWorkerConfig. */
import fs from "node:fs";
import path from "node:path";
import { KindlingConfigError, formatIssues } from "./errors.js";
import { findConfigFile, parseConfigFile } from "./parse-config-file.js";
import { deployOnlyKeys, supportedKeys, wranglerConfigSchema, type WranglerConfig } from "./schema.js";
import { devVarsCandidates, readDevVars } from "./dev-vars.js";
import { resolveBindings } from "./bindings.js";
import type { BindingDescriptor } from "@kindling/runtime/protocol";

export interface ResolvedWorkerConfig {
  name: string;
  /** Absolute path of the worker's entry module. */
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** `vars` overridden by local secrets. */
  vars: Record<string, unknown>;
  bindings: BindingDescriptor[];
  /** `triggers.crons`: cron expressions (validated). */
  crons: string[];
  envName: string | undefined;
  configFile: string;
  /** Every file whose change means re-resolving this config. */
  watchFiles: string[];
  /** One line per config key Kindling does not support yet. */
  warnings: string[];
  /** The validated config with the selected environment merged in, for bindings to read. */
  raw: WranglerConfig;
}

export interface ResolveWorkerConfigInput {
  root: string;
  configPath?: string;
  envName?: string;
}

/** Keys that an `env.<name>` section does not inherit from the top level (wrangler's rules). */
const nonInheritable = [
  "vars",
  "durable_objects",
  "kv_namespaces",
  "r2_buckets",
  "d1_databases",
  "services",
  "queues",
  "workflows",
  "send_email",
  "triggers",
];

export function resolveWorkerConfig({ root, configPath, envName }: ResolveWorkerConfigInput): ResolvedWorkerConfig {
  const configFile = findConfigFile(root, configPath);
  const fileName = path.basename(configFile);
  const input = parseConfigFile(configFile);
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: the config must be an object, got ${Array.isArray(input) ? "an array" : String(input)}.`,
    );
  }
  const parsed = wranglerConfigSchema.safeParse(input);
  if (!parsed.success) throw new KindlingConfigError(formatIssues(fileName, parsed.error.issues, input));
  const config = selectEnvironment(parsed.data, envName, fileName);

  const dir = path.dirname(configFile);
  if (!config.main) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: "main" is missing. Set it to your worker's entry file, e.g. "main": "src/index.ts".`,
    );
  }
  const main = path.resolve(dir, config.main);
  if (!fs.existsSync(main)) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: "main" is "${config.main}", but ${main} does not exist. Fix the path in ${fileName}.`,
    );
  }
  const baseName = parsed.data.name ?? path.basename(dir);
  const name = envName && !parsed.data.env?.[envName]?.name ? `${baseName}-${envName}` : (config.name ?? baseName);
  return {
    name,
    main,
    compatibilityDate: config.compatibility_date ?? todayMinus(1),
    compatibilityFlags: config.compatibility_flags ?? [],
    vars: { ...config.vars, ...readDevVars(dir, envName) },
    bindings: resolveBindings(config, fileName),
    crons: config.triggers?.crons ?? [],
    envName,
    configFile,
    watchFiles: [configFile, ...devVarsCandidates(dir, envName)],
    warnings: unsupportedKeyWarnings(config, fileName),
    raw: config,
  };
}

function selectEnvironment(config: WranglerConfig, envName: string | undefined, fileName: string): WranglerConfig {
  if (!envName) return config;
  const section = config.env?.[envName];
  if (!section) {
    const known = Object.keys(config.env ?? {});
    throw new KindlingConfigError(
      `[kindling] ${fileName}: CLOUDFLARE_ENV is "${envName}", but there is no "env.${envName}" section` +
        (known.length ? ` (defined: ${known.map((k) => `"${k}"`).join(", ")}).` : "."),
    );
  }
  const merged: Record<string, unknown> = { ...config };
  delete merged.env;
  for (const key of nonInheritable) delete merged[key];
  return { ...merged, ...section } as WranglerConfig;
}

function unsupportedKeyWarnings(config: WranglerConfig, fileName: string): string[] {
  return Object.keys(config)
    .filter((key) => !supportedKeys.has(key) && !deployOnlyKeys.has(key))
    .map((key) => `[kindling] ${fileName}: "${key}" is not supported by Kindling yet and is ignored.`);
}

function todayMinus(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
