/** wrangler config + CLOUDFLARE_ENV + .dev.vars -> ResolvedWorkerConfig. */
import { resolveModuleRules, type ModuleRule } from "./module-rules.js";
import fs from "node:fs";
import path from "node:path";
import { KindlingConfigError, formatIssues } from "./errors.js";
import { findConfigFile, parseConfigFile } from "./parse-config-file.js";
import { deployOnlyKeys, supportedKeys, wranglerConfigSchema, type WranglerConfig } from "./schema.js";
import { devVarsCandidates, readDevVars } from "./dev-vars.js";
import { resolveBindings } from "./bindings/index.js";
import { unknownKeyWarnings } from "./unknown-keys.js";
import { bindingNames, dropShadowedSecrets, duplicateNameErrors } from "./binding-names.js";
import { futureDateError, todayUtc } from "./compatibility-date.js";
import { checkCompatibilityFlags } from "./compatibility-flags.js";
import { configKeys } from "./wrangler-keys.generated.js";
import { readQueueConsumers } from "./bindings/queues.js";
import type { QueueConsumerConfig } from "@kindling/runtime/protocol";
import { resolveAssetsConfig, type ResolvedAssetsConfig } from "./assets.js";
import type { BindingDescriptor, DurableObjectClass } from "@kindling/runtime/protocol";
import { readDurableObjectClasses } from "./bindings/durable-objects.js";

export interface ResolvedWorkerConfig {
  name: string;
  /**
   * The worker's entry module: an absolute path, or a module specifier Vite resolves (a package
   * export such as "@tanstack/react-start/server-entry", a virtual module); undefined for an
   * assets-only project (no "main").
   */
  main: string | undefined;
  compatibilityDate: string;
  compatibilityFlags: string[];
  /** `vars` overridden by local secrets. */
  vars: Record<string, unknown>;
  bindings: BindingDescriptor[];
  /** How static assets are served (always set: Vite's client pages are assets even without an "assets" section). */
  assets: ResolvedAssetsConfig;
  /** The Durable Object classes its migrations define. */
  durableObjectClasses: DurableObjectClass[];
  /** wrangler's module rules in effect (the config's `rules`, then the defaults) for non-JavaScript imports. */
  moduleRules: ModuleRule[];
  /** `triggers.crons`: cron expressions (validated). */
  crons: string[];
  /** `queues.consumers`: the queues this worker consumes, defaults applied. */
  queueConsumers: QueueConsumerConfig[];
  envName: string | undefined;
  configFile: string;
  /** Every file whose change means re-resolving this config. */
  watchFiles: string[];
  /** One line per mistake that does not stop the worker (unknown keys and flags, unsupported keys, ...). */
  warnings: string[];
  /** The validated config with the selected environment merged in, for bindings to read. */
  raw: WranglerConfig;
}

export interface ResolveWorkerConfigInput {
  root: string;
  configPath?: string;
  envName?: string;
  /** The clock for "a compatibility date in the future". */
  now?: Date;
  /** Where `.dev.vars` / `.env` secrets are read (default: the config file's directory); `vite preview` reads the project's. */
  secretsDir?: string;
  /** Where wrangler's variables come from (e.g. CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding>); default process.env. */
  processEnv?: Readonly<Record<string, string | undefined>>;
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

export function resolveWorkerConfig(input: ResolveWorkerConfigInput): ResolvedWorkerConfig {
  const configFile = findConfigFile(input.root, input.configPath);
  const fileName = displayName(input.root, configFile);
  const raw = parseConfigFile(configFile);
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: the config must be an object, got ${Array.isArray(raw) ? "an array" : String(raw)}.`,
    );
  }
  const keyWarnings = unknownKeyWarnings(raw as Record<string, unknown>, fileName);
  try {
    const config = resolveParsed(raw, configFile, input);
    return { ...config, warnings: [...keyWarnings, ...config.warnings] };
  } catch (error) {
    // A mistyped key often explains the error ("binding" is required; "bindng" is not a field).
    if (!(error instanceof KindlingConfigError) || keyWarnings.length === 0) throw error;
    throw new KindlingConfigError([error.message, ...keyWarnings].join("\n"), { cause: error.cause });
  }
}

function resolveParsed(
  input: object,
  configFile: string,
  { root, envName, now = new Date(), processEnv = process.env, secretsDir }: ResolveWorkerConfigInput,
) {
  const fileName = displayName(root, configFile);
  const parsed = wranglerConfigSchema.safeParse(input);
  if (!parsed.success) throw new KindlingConfigError(formatIssues(fileName, parsed.error.issues, input));
  const config = selectEnvironment(parsed.data, envName, fileName);
  const section = envName ? parsed.data.env?.[envName] : undefined;
  /** Where a key of the selected config was written. */
  const keyPath = (key: string) => (section && key in section ? `env.${envName}.${key}` : key);

  const dir = path.dirname(configFile);
  const main = config.main === undefined ? undefined : resolveMain(config.main, dir, fileName);
  const prefix = `[kindling] ${fileName}: `;
  const compatibilityDate = config.compatibility_date ?? todayUtc(new Date(now.getTime() - 86_400_000));
  const compatibilityFlags = config.compatibility_flags ?? [];
  const flags = checkCompatibilityFlags(compatibilityFlags, compatibilityDate, prefix, keyPath("compatibility_flags"));
  const names = bindingNames(config, keyPath);
  const errors = [
    config.compatibility_date && futureDateError(config.compatibility_date, now, prefix, keyPath("compatibility_date")),
    ...flags.errors,
    ...duplicateNameErrors(names, fileName),
  ].filter((error): error is string => Boolean(error));
  if (errors.length > 0) throw new KindlingConfigError(errors.join("\n"));

  const secrets = dropShadowedSecrets(readDevVars(secretsDir ?? dir, envName), names, fileName);
  const baseName = parsed.data.name ?? path.basename(dir);
  const name = envName && !section?.name ? `${baseName}-${envName}` : (config.name ?? baseName);
  const bindings = resolveBindings(config, { fileName, workerName: name, processEnv, compatibilityDate, compatibilityFlags });
  const assets = resolveAssetsConfig({
    assets: config.assets,
    dir,
    fileName,
    keyPath: keyPath("assets"),
    hasWorker: main !== undefined,
    compatibilityDate,
    compatibilityFlags,
  });
  return {
    name,
    main,
    compatibilityDate,
    compatibilityFlags,
    vars: { ...config.vars, ...secrets.values },
    bindings,
    assets: assets.config,
    durableObjectClasses: readDurableObjectClasses(config, fileName),
    moduleRules: resolveModuleRules(config.rules),
    crons: config.triggers?.crons ?? [],
    queueConsumers: readQueueConsumers(config, fileName, keyPath),
    envName,
    configFile,
    watchFiles: [configFile, ...devVarsCandidates(secretsDir ?? dir, envName)],
    warnings: [
      ...unsupportedKeyWarnings(config, fileName),
      ...unavailableWarnings(bindings, fileName),
      ...flags.warnings,
      ...assets.warnings,
      ...secrets.warnings,
    ],
    raw: config,
  };
}

/**
 * How messages name a config: its path from the root when it sits in a folder below it (each
 * worker of a dev server may have a wrangler.jsonc), else its file name.
 */
function displayName(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(file) : relative.split(path.sep).join("/");
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

/** Keys wrangler knows and Kindling does not read yet (unknown keys have their own warning). */
/** One line per binding that is on `env` but throws when used. */
function unavailableWarnings(bindings: readonly BindingDescriptor[], fileName: string): string[] {
  return bindings
    .filter((binding) => binding.type === "unavailable")
    .map(
      (binding) =>
        `[kindling] ${fileName}: env.${binding.name} (${binding.product}, "${binding.configKey}") cannot run locally; using it throws an error that says why.`,
    );
}

function unsupportedKeyWarnings(config: WranglerConfig, fileName: string): string[] {
  return Object.keys(config)
    .filter((key) => key in configKeys.keys! && !supportedKeys.has(key) && !deployOnlyKeys.has(key))
    .map((key) => `[kindling] ${fileName}: "${key}" is not supported by Kindling yet and is ignored.`);
}

/** Module extensions of an entry file, as @cloudflare/vite-plugin tells a path from a module specifier. */
const entryExtensions = /\.(?:m?[jt]s|[jt]sx)$/;

/**
 * "main" with a module extension is a file relative to the config; anything else (a package export,
 * a virtual module) is left for Vite to resolve, as @cloudflare/vite-plugin does.
 */
function resolveMain(main: string, dir: string, fileName: string): string {
  if (!entryExtensions.test(main)) return main;
  const file = path.resolve(dir, main);
  if (!fs.existsSync(file)) {
    throw new KindlingConfigError(
      `[kindling] ${fileName}: "main" is "${main}", but ${file} does not exist. Fix the path in ${fileName}.`,
    );
  }
  return file;
}
