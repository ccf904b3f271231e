/** The playground worker's bindings and vars (wrangler.jsonc). Add yours here. */
import type { ApprovalEnv } from "./approval-workflow.js";
import type { CounterEnv } from "./counter-object.js";
import type { StorageEnv } from "./storage-routes.js";

export interface Env extends StorageEnv, CounterEnv, ApprovalEnv {
  GREETING: string;
  DB: D1Database;
}
