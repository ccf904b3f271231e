/** The playground worker: every route lives in src/routes/ (see routes/index.ts). */
import type { Env } from "./env.js";
import { email, scheduled } from "./events.js";
import { route } from "./router.js";
import { routes } from "./routes/index.js";
import { queue, type Task } from "./queue-consumer.js";
export { CounterObject } from "./counter-object.js";
export { PlaygroundApi } from "./routes/code-runner.js";
export { ApprovalWorkflow } from "./approval-workflow.js";

export default {
  fetch: (request, env, ctx) => route(routes, request, env, ctx),
  scheduled,
  email,
  queue,
} satisfies ExportedHandler<Env, Task>;
