/** The playground worker's bindings and vars (wrangler.jsonc). Add yours here. */
import type { CounterEnv } from "./counter-object.js";
import type { StorageEnv } from "./storage-routes.js";
import type { ServicesEnv } from "./routes/services.js";

export interface Env extends StorageEnv, CounterEnv, ServicesEnv {
  GREETING: string;
  DB: D1Database;
}
