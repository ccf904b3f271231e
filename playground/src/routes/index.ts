/** Every route of the playground, matched in order. To add a feature: a new file here and one line below. */
import type { Route } from "../router.js";
import { homeRoutes } from "./home.js";
import { infoRoutes } from "./info.js";
import { errorRoutes } from "./errors.js";
import { storageRoutes } from "./storage.js";
import { webSocketRoutes } from "./websocket.js";
import { d1Route } from "./d1.js";
import { counterRoutes } from "./counter.js";
import { servicesRoutes } from "./services.js";
import { codeRunnerRoutes } from "./code-runner.js";
import { queueRoutes } from "./queues.js";
import { workflowRoutes } from "./workflows.js";

export const routes: Route[] = [
  ...homeRoutes,
  ...infoRoutes,
  ...errorRoutes,
  ...storageRoutes,
  ...webSocketRoutes,
  ...counterRoutes,
  ...servicesRoutes,
  ...codeRunnerRoutes,
  ...queueRoutes,
  ...workflowRoutes,
  { path: "/api/d1", title: "D1 visits (JSON)", handler: ({ request, env }) => d1Route(request, env.DB) },
];
