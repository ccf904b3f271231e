import type { Route } from "../router.js";
import { handleCounter } from "../counter-object.js";

/** A counter Durable Object: its page shows the count live over a WebSocket. */
export const counterRoutes: Route[] = [
  {
    path: "/counter{/*}?",
    title: "Durable Object counter",
    handler: async ({ request, env }) => (await handleCounter(request, env)) ?? new Response("Not found", { status: 404 }),
  },
];
