/** The playground worker's bindings and vars (wrangler.jsonc). Add yours here. */
import type { StorageEnv } from "./storage-routes.js";

export interface Env extends StorageEnv {
  GREETING: string;
  DB: D1Database;
}
