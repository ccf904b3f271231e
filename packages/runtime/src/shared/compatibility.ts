/**
 * The compatibility settings that shape a worker's global scope, resolved from its compatibility
 * date and flags the way workerd resolves them (src/workerd/io/compatibility-date.capnp): a flag is
 * on from its date, or when its enable flag is listed, unless its disable flag is listed; some are
 * implied by another flag from a date. Dates checked against workerd 1.20261012.1, with the
 * official Vite plugin's Node.js polyfills (its unenv preset) where it adds to workerd.
 */

interface FlagRule {
  enable: string;
  disable?: string;
  /** On for compatibility dates from this one. */
  date?: string;
  /** On when these flags are on (any), for compatibility dates from `date` (or always). */
  impliedBy?: { flags: string[]; date?: string };
}

const rules = {
  // https://developers.cloudflare.com/changelog/post/2026-08-04-nodejs-compat-default/
  nodejs_compat: { enable: "nodejs_compat", disable: "no_nodejs_compat", date: "2026-08-04" },
  // Each of the two has its own default: turning Node.js off on a newer date takes both disable flags.
  nodejs_compat_v2: {
    enable: "nodejs_compat_v2",
    disable: "no_nodejs_compat_v2",
    date: "2026-08-04",
    impliedBy: { flags: ["nodejs_compat"], date: "2024-09-23" },
  },
  nodejs_als: { enable: "nodejs_als", disable: "no_nodejs_als" },
  populate_process_env: {
    enable: "nodejs_compat_populate_process_env",
    disable: "nodejs_compat_do_not_populate_process_env",
    impliedBy: { flags: ["nodejs_compat"], date: "2025-04-01" },
  },
  // Timers return Node.js Timeout objects (checked on workerd: from 2026-02-10 with nodejs_compat).
  nodejs_global_timers: {
    enable: "enable_nodejs_global_timers",
    disable: "no_nodejs_global_timers",
    impliedBy: { flags: ["nodejs_compat"], date: "2026-02-10" },
  },
  global_navigator: { enable: "global_navigator", disable: "no_global_navigator", date: "2022-03-21" },
  navigator_language: { enable: "enable_navigator_language", disable: "disable_navigator_language", date: "2025-05-19" },
  expose_global_message_channel: {
    enable: "expose_global_message_channel",
    disable: "no_expose_global_message_channel",
    date: "2025-08-15",
  },
  allow_eval_during_startup: {
    enable: "allow_eval_during_startup",
    disable: "disallow_eval_during_startup",
    date: "2025-06-01",
  },
  // https://developers.cloudflare.com/workers/configuration/compatibility-flags/ (WebSocket standard binary type)
  websocket_standard_binary_type: {
    enable: "websocket_standard_binary_type",
    disable: "no_websocket_standard_binary_type",
    date: "2026-03-17",
  },
  no_global_importscripts: { enable: "no_global_importscripts", disable: "global_importscripts", date: "2024-03-04" },
  // An incoming request's `signal` aborts when the client disconnects; before, it never aborts.
  // https://developers.cloudflare.com/workers/configuration/compatibility-flags/#enable-requestsignal-for-incoming-requests
  request_signal: { enable: "enable_request_signal", disable: "disable_request_signal", date: "2026-11-17" },
  // https://developers.cloudflare.com/changelog/2026-02-24-deleteall-deletes-alarm/
  delete_all_deletes_alarm: {
    enable: "delete_all_deletes_alarm",
    disable: "delete_all_preserves_alarm",
    date: "2026-02-24",
  },
} satisfies Record<string, FlagRule>;

export type FlagName = keyof typeof rules;

/** Whether each flag Kindling knows is on, by its enable flag's name (`Cloudflare.compatibilityFlags`). */
export type CompatibilityFlags = Record<FlagName, boolean>;

export function resolveCompatibility(date: string, flags: readonly string[]): CompatibilityFlags {
  const listed = new Set(flags);
  const resolved = {} as CompatibilityFlags;
  const resolve = (name: FlagName): boolean => {
    if (name in resolved) return resolved[name];
    const rule: FlagRule = rules[name];
    let on = listed.has(rule.enable) || (rule.date !== undefined && date >= rule.date);
    if (!on && rule.impliedBy && (rule.impliedBy.date === undefined || date >= rule.impliedBy.date)) {
      on = rule.impliedBy.flags.some((flag) => resolve(flag as FlagName));
    }
    if (rule.disable !== undefined && listed.has(rule.disable)) on = false;
    resolved[name] = on;
    return on;
  };
  for (const name of Object.keys(rules) as FlagName[]) resolve(name);
  return resolved;
}

/** The names `Cloudflare.compatibilityFlags` shows for the resolved flags (their enable flags). */
export function compatibilityFlagNames(flags: CompatibilityFlags): Record<string, boolean> {
  const named: Record<string, boolean> = {};
  for (const name of Object.keys(rules) as FlagName[]) named[rules[name].enable] = flags[name];
  return named;
}
