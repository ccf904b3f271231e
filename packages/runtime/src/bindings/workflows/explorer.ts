/**
 * Workflows in the local explorer: the page's controls (create with params, pause, resume,
 * terminate, restart, sendEvent) go through the unit's own `WorkflowImpl` and `InstanceImpl`
 * (their checks, wording and serialization) to the host's workflow engine, as `env.WORKFLOW` does.
 * The instances themselves are the engine's (host/workflows/), which the plugin reads there.
 */
import type { HostUnitCaller } from "../../protocol/host-units.js";
import { WorkflowImpl } from "./workflow.js";

/** `env.WORKFLOW` for the page: `workflowName`'s engine reached through `host` (the engines' unit). */
export function createWorkflowClient(workflowName: string, host: HostUnitCaller): WorkflowImpl {
  return new WorkflowImpl({ type: "workflow", name: workflowName, workflowName, className: "", stepLimit: 10_000 }, host);
}
