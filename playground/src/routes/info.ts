import type { Route } from "../router.js";
import { message } from "../lib/deep/message.js";
import { evaluatedAt, generation } from "../lib/generation.js";

/** Requests this generation served: module state starts over with each generation. */
let requests = 0;

export const infoRoutes: Route[] = [
  {
    path: "/api/info",
    title: "what the worker knows (JSON)",
    handler: ({ env }) => {
      requests++;
      return Response.json({
        message,
        requests,
        greeting: env.GREETING,
        userAgent: navigator.userAgent,
        generation: generation ?? null,
        evaluatedAt: evaluatedAt.toISOString(),
      });
    },
  },
];
