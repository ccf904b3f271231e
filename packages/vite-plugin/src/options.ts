/** The only reader of the user's kindling() options. */
import { z } from "zod";
import { KindlingConfigError, formatIssues } from "./config/errors.js";
import { defaultPersistDir } from "./persist-dir.js";

/** The longest delay Node's timers accept (2^31-1 ms, ~24.8 days); a longer one fires after 1 ms. */
const maxTimerDelay = 2_147_483_647;

/** A duration in whole milliseconds from `min` to what a Node timer can wait. */
function milliseconds(min: number) {
  return z.number().superRefine((value, ctx) => {
    if (Number.isInteger(value) && value >= min && value <= maxTimerDelay) return;
    ctx.addIssue({
      code: "custom",
      message: `must be a whole number of milliseconds from ${min} to ${maxTimerDelay} (2^31-1, the longest delay Node's timers accept)`,
    });
  });
}

/** A worker's Vite environment: its name, and the child environments whose modules it runs too. */
const viteEnvironment = z.strictObject({
  name: z.string().min(1).optional(),
  childEnvironments: z.array(z.string().min(1)).optional(),
});

const optionsSchema = z.strictObject({
  /** Path of the wrangler config, relative to Vite's root. Default: wrangler.jsonc|json|toml in root. */
  configPath: z.string().min(1).optional(),
  /** Where binding state lives: a directory, or false for state kept only while vite dev runs (across edits). */
  persist: z.union([z.literal(false), z.string().min(1)]).optional(),
  /**
   * Run the worker in this Vite environment (e.g. a framework's "ssr"); `childEnvironments` are more
   * environments whose modules run in the same worker (e.g. React Server Components' "rsc").
   */
  viteEnvironment: viteEnvironment.optional(),
  /**
   * More workers to run in this dev server (as `@cloudflare/vite-plugin`'s option), each from its own
   * wrangler config, in its own Vite environment, with its own generations: reached through
   * service bindings and Durable Object bindings with `script_name`; only the main worker answers
   * on Vite's port.
   */
  auxiliaryWorkers: z
    .array(
      z.strictObject({
        /** Path of its wrangler config, relative to Vite's root. */
        configPath: z.string().min(1),
        viteEnvironment: viteEnvironment.optional(),
      }),
    )
    .optional(),
  /** How long a retiring generation may finish in-flight requests and waitUntil work (ms). */
  drainTimeout: milliseconds(100).optional(),
  /** How long a generation's event loop may stay blocked before it is aborted (ms), like production's CPU limit. */
  cpuTimeLimit: milliseconds(100).optional(),
  /**
   * MiB of memory (JavaScript heap + ArrayBuffers) one generation may use before it is aborted, like
   * production's 128 MB per isolate. Default: 1024, so that dev builds fit.
   */
  memoryLimit: z
    .number()
    .int()
    .min(32, "must be at least 32 (MiB)")
    .max(1_048_576, "must be at most 1048576 (MiB, 1 TiB)")
    .optional(),
  /** Run `triggers.crons` on their schedule (UTC), as production would. Default: false (trigger them by hand). */
  crons: z.boolean().optional(),
  /**
   * Reload open pages (Vite's `full-reload`) when a change produced a working generation. Default: true.
   * With false, pages keep what they show, an error overlay included, until reloaded by hand.
   */
  reloadOnChange: z.boolean().optional(),
  /**
   * The local explorer at /cdn-cgi/local/explorer (bindings' state, generations, request traces).
   * Default: true. With false it is not served and requests are not traced.
   */
  explorer: z.boolean().optional(),
});

export type KindlingOptions = z.input<typeof optionsSchema>;

export interface ResolvedOptions {
  configPath: string | undefined;
  persist: false | string;
  viteEnvironmentName: string | undefined;
  childEnvironments: string[];
  auxiliaryWorkers: { configPath: string; viteEnvironmentName: string | undefined; childEnvironments: string[] }[];
  drainTimeout: number;
  cpuTimeLimit: number;
  memoryLimit: number;
  crons: boolean;
  reloadOnChange: boolean;
  explorer: boolean;
}

export function resolveOptions(options: unknown = {}): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new KindlingConfigError(formatIssues("kindling() options", parsed.error.issues, options));
  }
  const o = parsed.data;
  return {
    configPath: o.configPath,
    persist: o.persist ?? defaultPersistDir,
    viteEnvironmentName: o.viteEnvironment?.name,
    childEnvironments: o.viteEnvironment?.childEnvironments ?? [],
    auxiliaryWorkers: (o.auxiliaryWorkers ?? []).map((worker) => ({
      configPath: worker.configPath,
      viteEnvironmentName: worker.viteEnvironment?.name,
      childEnvironments: worker.viteEnvironment?.childEnvironments ?? [],
    })),
    drainTimeout: o.drainTimeout ?? 30_000,
    cpuTimeLimit: o.cpuTimeLimit ?? 30_000,
    memoryLimit: o.memoryLimit ?? 1024,
    crons: o.crons ?? false,
    reloadOnChange: o.reloadOnChange ?? true,
    explorer: o.explorer ?? true,
  };
}
