/**
 * The playground worker's bindings and vars: `Cloudflare.Env`, generated from wrangler.jsonc into
 * worker-configuration.d.ts by `kindling types` (run it again after changing wrangler.jsonc), with
 * the auxiliary workers' RPC types on the service bindings that reach them.
 */
import type { ServicesEnv } from "./routes/services.js";

export type Env = Omit<Cloudflare.Env, keyof ServicesEnv> & ServicesEnv;
