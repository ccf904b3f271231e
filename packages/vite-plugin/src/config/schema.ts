/** The part of wrangler's config that Kindling reads, validated with zod. */
import { z } from "zod";
import { triggersSchema } from "./cron.js";
import { bindingShape } from "./bindings/index.js";
import { compatibilityDateSchema } from "./compatibility-date.js";
import { moduleRuleSchema } from "./module-rules.js";

// Entries are loose objects: a key wrangler does not know is a warning (unknown-keys.ts), as in wrangler.

const varValue = z.union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

/** Keys that may appear at the top level and inside `env.<name>`. */
const environmentShape = {
  name: z.string().min(1).optional(),
  main: z.string().min(1).optional(),
  compatibility_date: compatibilityDateSchema.optional(),
  compatibility_flags: z.array(z.string()).optional(),
  vars: z.record(z.string(), varValue).optional(),
  triggers: triggersSchema.optional(),
  rules: z.array(moduleRuleSchema).optional(),
  ...bindingShape,
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
  "dev",
  "send_metrics",
  "node_compat",
  "legacy_env",
  "usage_model",
  "logfwdr",
]);
