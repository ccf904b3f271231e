/**
 * `process.env` replacements in a worker's modules, as @cloudflare/vite-plugin makes them
 * (getProcessEnvReplacements): `process.env.NODE_ENV` always (the worker's `process.env` holds only
 * its vars, never the dev server's environment); `process.env` itself becomes `{}` when Node.js
 * compatibility is off (by flag or date), where the worker has no `process`.
 */
import { resolveCompatibility } from "@kindling/runtime/compatibility";

export function processEnvDefine(
  config: { compatibilityDate: string; compatibilityFlags: readonly string[] },
  mode: string,
): Record<string, string> {
  const nodeEnv = JSON.stringify(process.env.NODE_ENV || mode);
  const define: Record<string, string> = {
    "process.env.NODE_ENV": nodeEnv,
    "global.process.env.NODE_ENV": nodeEnv,
    "globalThis.process.env.NODE_ENV": nodeEnv,
  };
  const flags = resolveCompatibility(config.compatibilityDate, config.compatibilityFlags);
  if (flags.nodejs_compat || flags.nodejs_compat_v2) return define;
  return { ...define, "process.env": "{}", "global.process.env": "{}", "globalThis.process.env": "{}" };
}
