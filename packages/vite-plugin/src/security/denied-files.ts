/**
 * Files the dev server never serves: secrets, credentials, wrangler configs and binding state.
 * One list, two uses: `server.fs.deny` globs for Vite's own file serving, and `match()` for
 * Kindling's guard in front of every middleware (which also holds when `server.fs.strict` is off).
 */
import path from "node:path";
import { normalizePath } from "vite";

export interface DeniedFilesInput {
  /** The absolute state directory (`persist`), or false for in-memory state. */
  persistDir: string | false;
  /** The absolute paths of the workers' wrangler configs (`configPath` or the default one, and `auxiliaryWorkers`). */
  configFiles: readonly string[];
}

export interface DeniedFiles {
  /** Globs for Vite's `server.fs.deny` (names without "/" match in any directory). */
  readonly globs: string[];
  /** What `file` (an absolute path) holds, if it must not be served. */
  match(file: string): string | undefined;
  /** A cheap first test: whether a decoded URL path could name a denied file at all (most cannot). */
  couldName(urlPath: string): boolean;
}

interface NameRule {
  test: RegExp;
  globs: string[];
  what: string;
}

const nameRules: NameRule[] = [
  { test: /^\.dev\.vars(?:\..*)?$/i, globs: [".dev.vars", ".dev.vars.*"], what: "the worker's secrets (.dev.vars)" },
  { test: /^\.env(?:\..*)?$/i, globs: [".env", ".env.*"], what: "secrets (.env)" },
  { test: /^\.npmrc$/i, globs: [".npmrc"], what: "package registry credentials (.npmrc)" },
  { test: /^\.yarnrc(?:\..*)?$/i, globs: [".yarnrc", ".yarnrc.*"], what: "package registry credentials (.yarnrc)" },
  {
    test: /\.(?:key|pem|crt|cer|der|pfx|p12|p8|jks)$/i,
    globs: ["*.{key,pem,crt,cer,der,pfx,p12,p8,jks}"],
    what: "a key or certificate",
  },
  { test: /^wrangler\.(?:json|jsonc|toml)$/i, globs: ["wrangler.{json,jsonc,toml}"], what: "a wrangler config" },
];

/** Directories whose whole content is denied wherever they are. */
const dirRules: Array<{ name: string; what: string }> = [
  { name: ".git", what: "the git repository" },
  { name: ".kindling", what: "Kindling's local state" },
  { name: ".wrangler", what: "wrangler's local state" },
];

export function resolveDeniedFiles({ persistDir, configFiles }: DeniedFilesInput): DeniedFiles {
  const state = persistDir === false ? undefined : normalizePath(path.resolve(persistDir));
  const configs = configFiles.map((file) => normalizePath(path.resolve(file)));
  const configNames = configs.map((config) => path.posix.basename(config).toLowerCase());
  const stateName = state && path.posix.basename(state).toLowerCase();
  const globs = [
    ...nameRules.flatMap((rule) => rule.globs),
    ...dirRules.map((rule) => `**/${rule.name}/**`),
    ...configs.map(escapeGlob),
    ...(state ? [escapeGlob(state), `${escapeGlob(state)}/**`] : []),
  ];
  return {
    globs,
    match(file) {
      const lower = normalizePath(path.resolve(file)).toLowerCase();
      if (configs.some((config) => lower === config.toLowerCase())) return "the worker's wrangler config";
      if (state && isInside(lower, state.toLowerCase())) return "binding state (the persist directory)";
      const segments = lower.split("/");
      const dir = dirRules.find((rule) => segments.includes(rule.name));
      if (dir) return dir.what;
      const name = segments.at(-1) ?? "";
      return nameRules.find((rule) => rule.test.test(name))?.what;
    },
    couldName(urlPath) {
      const lower = urlPath.toLowerCase();
      const segments = lower.split("/");
      const name = segments.at(-1) ?? "";
      return (
        nameRules.some((rule) => rule.test.test(name)) ||
        dirRules.some((rule) => segments.includes(rule.name)) ||
        configNames.some((name) => lower.includes(name)) ||
        (stateName !== undefined && lower.includes(stateName))
      );
    },
  };
}

function isInside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith("/") ? dir : `${dir}/`);
}

/** A literal path as a picomatch glob (Vite matches `server.fs.deny` with picomatch). */
export function escapeGlob(file: string): string {
  return file.replace(/[\\*?[\]{}()!+@|]/g, "\\$&");
}
