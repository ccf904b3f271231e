/** The playground worker's bindings and vars (wrangler.jsonc). Add yours here. */
export interface Env {
  GREETING: string;
}
