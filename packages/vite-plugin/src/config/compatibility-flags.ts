/**
 * `compatibility_flags` checked against workerd's own list (compat-flags.generated.ts), with
 * workerd's words: what workerd refuses is an error, what it only complains about a warning.
 */
import { compatFlags, workerdVersion } from "./compat-flags.generated.js";
import { didYouMean } from "./did-you-mean.js";

/** One field of workerd's `CompatibilityFlags` (src/workerd/io/compatibility-date.capnp). */
export interface CompatFlag {
  /** The flag that turns the behaviour on. */
  enable?: string;
  /** The flag that turns it off (e.g. `no_nodejs_compat`). */
  disable?: string;
  /** The compatibility date from which the behaviour is on without the flag. */
  date?: string;
  /** On for every date. */
  allDates?: boolean;
  /** Usable only with `workerd --experimental`; Cloudflare refuses to deploy it. */
  experimental?: boolean;
}

const byName = new Map<string, { flag: CompatFlag; enables: boolean }>();
for (const flag of compatFlags) {
  if (flag.enable) byName.set(flag.enable, { flag, enables: true });
  if (flag.disable) byName.set(flag.disable, { flag, enables: false });
}

/**
 * Flags Kindling's runtime reads by name and does not yet turn on by date (workerd does:
 * nodejs_compat is on by default from 2026-08-04); "does not need to be specified" would be false here.
 */
const readByName = new Set(["nodejs_compat", "nodejs_compat_v2"]);

export interface FlagProblems {
  errors: string[];
  warnings: string[];
}

/**
 * `prefix` is `[kindling] <file>: ` and `key` the flags' key path (`env.staging.compatibility_flags`
 * when they come from an environment).
 */
export function checkCompatibilityFlags(flags: readonly string[], date: string, prefix: string, key: string): FlagProblems {
  const errors: string[] = [];
  const warnings: string[] = [];
  const seen = new Map<CompatFlag, string>();
  for (const [index, name] of flags.entries()) {
    const where = `"${key}[${index}]"`;
    if (flags.indexOf(name) !== index) {
      errors.push(
        `${prefix}${where} is "${name}" again (workerd: "Compatibility flag specified multiple times: ${name}"). Remove the repeat.`,
      );
      continue;
    }
    const known = byName.get(name);
    if (!known) {
      const guess = didYouMean(name, byName.keys());
      warnings.push(
        `${prefix}${where} is "${name}", which workerd ${workerdVersion} does not know ` +
          `(workerd: "No such compatibility flag: ${name}"); Kindling ignores it.${guess ? ` Did you mean "${guess}"?` : ""}`,
      );
      continue;
    }
    const { flag, enables } = known;
    const other = seen.get(flag);
    if (other !== undefined) {
      const [on, off] = enables ? [name, other] : [other, name];
      errors.push(
        `${prefix}"${key}" has both "${other}" and "${name}" (workerd: "Compatibility flags are mutually contradictory: ` +
          `${on} vs ${off}"). Keep one of them.`,
      );
      continue;
    }
    seen.set(flag, name);
    if (enables && flag.date !== undefined && flag.date <= date && !readByName.has(name)) {
      warnings.push(
        `${prefix}${where}: The compatibility flag ${name} became the default as of ${flag.date} ` +
          `so does not need to be specified anymore.`,
      );
    }
    if (flag.experimental) {
      warnings.push(
        `${prefix}${where} is "${name}", an experimental flag: workerd accepts it only with --experimental, ` +
          `and Cloudflare refuses to deploy a Worker that uses it.`,
      );
    }
  }
  return { errors, warnings };
}
