/**
 * The explorer's Workflows view (/api/workflows): every workflow the dev server's workers define,
 * their instances and an instance's steps, read from each workflow's engine; and the Workflows
 * API's controls (create with params, pause, resume, terminate, restart, sendEvent) through the
 * workflow unit's own `WorkflowImpl`, so they run the same host-unit code as `env.WORKFLOW`.
 */
import { describeWorkflowInstance, listWorkflowInstances, type WorkflowEngine } from "@kindling/runtime/host";
import { createWorkflowClient, ExplorerInputError, type ExplorerInput } from "@kindling/runtime/explorer";
import type { WorkerHost } from "../environment/worker-host.js";
import { hostUnitCaller, type ExplorerTarget } from "./explorer-target.js";

export function listWorkflows(target: ExplorerTarget) {
  return target.hosts.flatMap((host) =>
    host.config.bindings.flatMap((binding) =>
      binding.type === "workflow" && binding.scriptName === undefined && host.services.workflows.has(binding.workflowName)
        ? [{ workflow: binding.workflowName, worker: host.config.name, className: binding.className, binding: binding.name }]
        : [],
    ),
  );
}

export function listInstances(target: ExplorerTarget, workflow: string, limit: number) {
  return listWorkflowInstances(find(target, workflow).engine, limit);
}

export function describeInstance(target: ExplorerTarget, workflow: string, id: string) {
  const instance = describeWorkflowInstance(find(target, workflow).engine, id);
  if (!instance) throw new ExplorerInputError(`[kindling] Workflow "${workflow}" has no instance "${id}".`);
  return instance;
}

const controls = ["pause", "resume", "terminate", "restart"] as const;

/** POST `create` `{ id?, params? }`, `pause`/`resume`/`terminate`/`restart` `{ id }`, `sendEvent` `{ id, type, payload? }`. */
export async function controlWorkflow(target: ExplorerTarget, workflow: string, action: string, input: ExplorerInput) {
  const client = createWorkflowClient(workflow, hostUnitCaller(find(target, workflow).host));
  const body = await input.json();
  const id = body.id === undefined || body.id === null || body.id === "" ? undefined : body.id;
  if (id !== undefined && typeof id !== "string") throw new ExplorerInputError('[kindling] "id" is an instance id (a string).');
  try {
    if (action === "create") {
      const instance = await client.create({ ...(id === undefined ? {} : { id }), params: body.params });
      return { id: instance.id };
    }
    if (id === undefined) throw new ExplorerInputError(`[kindling] "${action}" needs the instance's "id".`);
    const instance = await client.get(id);
    if ((controls as readonly string[]).includes(action)) {
      await instance[action as (typeof controls)[number]]();
      return { id, status: (await instance.status()).status };
    }
    if (action === "sendEvent") {
      if (typeof body.type !== "string" || body.type === "") {
        throw new ExplorerInputError('[kindling] sendEvent needs the event\'s "type" (a string).');
      }
      await instance.sendEvent({ type: body.type, payload: body.payload });
      return { id, status: (await instance.status()).status };
    }
  } catch (error) {
    if (error instanceof ExplorerInputError) throw error;
    // What the Workflows API throws (production's wording): the page shows it as given.
    throw new ExplorerInputError(error instanceof Error ? error.message : String(error));
  }
  throw new ExplorerInputError(`[kindling] The explorer has no workflow action "${action}".`);
}

function find(target: ExplorerTarget, workflow: string): { host: WorkerHost; engine: WorkflowEngine } {
  for (const host of target.hosts) {
    if (host.services.workflows.has(workflow)) return { host, engine: host.services.workflows.engine(workflow) };
  }
  throw new ExplorerInputError(`[kindling] No worker of this dev server defines a workflow named "${workflow}".`);
}
