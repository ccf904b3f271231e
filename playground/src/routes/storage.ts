import type { Route } from "../router.js";
import { handleStorage } from "../storage-routes.js";

/** KV, R2 and Cache demo routes; see storage-routes.ts for what each does. */
export const storageRoutes: Route[] = [
  { path: "/api/kv/list", title: "KV keys (JSON)", handler: async ({ request, env }) => (await handleStorage(request, env))! },
  { path: "/api/r2/list", title: "R2 objects (JSON)", handler: async ({ request, env }) => (await handleStorage(request, env))! },
  { path: "/api/(kv|r2|cache)", handler: async ({ request, env }) => (await handleStorage(request, env))! },
];
