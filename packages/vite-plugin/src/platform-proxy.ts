/**
 * `getPlatformProxy()`: the worker's `env`, `ctx`, `caches` and `cf` in a Node.js script, a seed or
 * a test runner, as wrangler's getPlatformProxy returns them, over the same config and state as
 * `vite dev`. It reads the wrangler config as the plugin does and opens the dev server's state
 * directory without taking its lock: like the `kindling d1` CLI it works beside a running dev
 * server (every write is its own SQLite transaction, which the dev server sees on its next read).
 * What lives only inside the running worker (Durable Objects, env.ASSETS) throws a `[kindling]`
 * error when used.
 */
import path from "node:path";
import { z } from "zod";
import { createPlatform, type PlatformContext } from "@kindling/runtime/platform";
import { KindlingConfigError, resolveWorkerConfig } from "./config/index.js";
import { createEphemeralStateDir, defaultPersistDir, resolvePersistDir } from "./persist-dir.js";

const text = z.string({ error: "expected a string" }).min(1, { error: "expected a non-empty string" });

const optionsSchema = z.strictObject({
  /** The project root (where vite.config and the wrangler config are). Default: the current directory. */
  root: text.optional(),
  /** The wrangler config file, as the plugin's `configPath`. Default: wrangler.jsonc/json/toml in the root. */
  configPath: text.optional(),
  /** The wrangler environment (`env.<name>`). Default: CLOUDFLARE_ENV. */
  environment: text.optional(),
  /** The state directory, as the plugin's `persist`; false for state removed by dispose(). Default: ".kindling/state". */
  persist: z.union([z.literal(false), text], { error: "expected a directory or false" }).optional(),
});

export type GetPlatformProxyOptions = z.input<typeof optionsSchema>;

export interface PlatformProxy<Env = Record<string, unknown>, Cf = Record<string, unknown>> {
  env: Env;
  cf: Cf;
  ctx: PlatformContext;
  caches: unknown;
  /** Ends the proxy (and removes the state of `persist: false`); the bindings must not be used after. */
  dispose(): Promise<void>;
}

export async function getPlatformProxy<Env = Record<string, unknown>, Cf = Record<string, unknown>>(
  options: GetPlatformProxyOptions = {},
): Promise<PlatformProxy<Env, Cf>> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(optionsSchema.shape).join(", ");
      throw new KindlingConfigError(
        `[kindling] getPlatformProxy() options: unknown option "${issue.keys[0]}". Use only ${known} (see "getPlatformProxy" in Kindling's README).`,
      );
    }
    const key = issue.path.join(".");
    const got = key ? ` (got ${JSON.stringify((options as Record<string, unknown>)[key])})` : "";
    throw new KindlingConfigError(
      `[kindling] getPlatformProxy() options: ${key}: ${issue.message}${got}. See "getPlatformProxy" in Kindling's README.`,
    );
  }
  const o = parsed.data;
  const root = path.resolve(o.root ?? process.cwd());
  const config = resolveWorkerConfig({
    root,
    configPath: o.configPath,
    envName: o.environment ?? (process.env.CLOUDFLARE_ENV || undefined),
  });
  const ephemeral = o.persist === false ? createEphemeralStateDir() : undefined;
  const persist = ephemeral?.dir ?? (resolvePersistDir(root, o.persist ?? defaultPersistDir) as string);
  const platform = createPlatform({ workerName: config.name, persist, vars: config.vars, bindings: config.bindings });
  return {
    env: platform.env as Env,
    cf: platform.cf as Cf,
    ctx: platform.ctx,
    caches: platform.caches,
    dispose: async () => ephemeral?.remove(),
  };
}
