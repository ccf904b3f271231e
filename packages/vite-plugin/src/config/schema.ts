/** The part of wrangler's config that Kindling reads, validated with zod. */
import { z } from "zod";
import { triggersSchema } from "./cron.js";
import { sendEmailSchema } from "./send-email.js";
import { d1DatabaseSchema } from "./bindings/d1.js";
import { compatibilityDateSchema } from "./compatibility-date.js";

// Entries are loose objects: a key wrangler does not know is a warning (unknown-keys.ts), as in wrangler.

const varValue = z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

const className = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "must be a JavaScript class name");

const durableObjectBinding = z.looseObject({
  name: z.string().min(1),
  class_name: className,
  /** A class exported by another worker. */
  script_name: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
});

/** One entry of `migrations`, applied in order (https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/). */
const migration = z.looseObject({
  tag: z.string().min(1),
  new_classes: z.array(className).optional(),
  new_sqlite_classes: z.array(className).optional(),
  renamed_classes: z.array(z.looseObject({ from: className, to: className })).optional(),
  deleted_classes: z.array(className).optional(),
  transferred_classes: z.array(z.looseObject({ from: className, from_script: z.string(), to: className })).optional(),
});

/** A config value that names a local state file (`<persist>/kv/<id>.sqlite`). */
const stateName = z
  .string()
  .min(1)
  .regex(/^(?!\.{1,2}$)[A-Za-z0-9._-]+$/, 'must contain only letters, digits, ".", "_" and "-" (it names a local state file)');

const kvNamespace = z.looseObject({
  binding: z.string().min(1),
  id: stateName.optional(),
  preview_id: z.string().optional(),
});

const r2Bucket = z.looseObject({
  binding: z.string().min(1),
  bucket_name: stateName.optional(),
  preview_bucket_name: z.string().optional(),
  jurisdiction: z.string().optional(),
});

/** Keys that may appear at the top level and inside `env.<name>`. */
const environmentShape = {
  name: z.string().min(1).optional(),
  main: z.string().min(1).optional(),
  compatibility_date: compatibilityDateSchema.optional(),
  compatibility_flags: z.array(z.string()).optional(),
  vars: z.record(z.string(), varValue).optional(),
  durable_objects: z.looseObject({ bindings: z.array(durableObjectBinding) }).optional(),
  migrations: z.array(migration).optional(),
  kv_namespaces: z.array(kvNamespace).optional(),
  r2_buckets: z.array(r2Bucket).optional(),
  d1_databases: z.array(d1DatabaseSchema).optional(),
  triggers: triggersSchema.optional(),
  send_email: sendEmailSchema.optional(),
};

export const environmentSchema = z.looseObject(environmentShape);

export const wranglerConfigSchema = z.looseObject({
  ...environmentShape,
  $schema: z.string().optional(),
  env: z.record(z.string(), environmentSchema).optional(),
});

export type WranglerConfig = z.infer<typeof wranglerConfigSchema>;
export type WranglerEnvironment = z.infer<typeof environmentSchema>;

/** Keys Kindling reads today; others are reported once as "not supported yet". */
export const supportedKeys = new Set(["$schema", "env", ...Object.keys(environmentShape)]);

/** Keys wrangler has that only matter for deploys; silently accepted. */
export const deployOnlyKeys = new Set([
  "account_id",
  "workers_dev",
  "preview_urls",
  "route",
  "routes",
  "placement",
  "observability",
  "logpush",
  "minify",
  "keep_vars",
  "upload_source_maps",
  "tail_consumers",
  "limits",
  "build",
  "no_bundle",
  "find_additional_modules",
  "base_dir",
  "rules",
  "dev",
  "send_metrics",
  "node_compat",
  "legacy_env",
  "usage_model",
  "logfwdr",
]);
