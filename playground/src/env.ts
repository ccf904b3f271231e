/**
 * The playground worker's bindings and vars: `Cloudflare.Env`, generated from wrangler.jsonc into
 * worker-configuration.d.ts by `kindling types` (run it again after changing wrangler.jsonc).
 */
export type Env = Cloudflare.Env;
