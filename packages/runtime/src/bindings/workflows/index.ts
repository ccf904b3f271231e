/** `workflows[]` bindings, and the runner of workflow instances the thread hands the engine's runs to. */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { BindingContext } from "../context.js";
import { WorkflowImpl } from "./workflow.js";
import { missingWorkflowClassMessage } from "./run-workflow.js";
import type { TraceSpec } from "../traced-binding.js";

export { WorkflowImpl, InstanceImpl } from "./workflow.js";
export { runWorkflow, type WorkflowRunContext } from "./run-workflow.js";
export { preservesNonRetryableMessage } from "./errors.js";

export function createWorkflow(descriptor: BindingDescriptor<"workflow">, { host }: Pick<BindingContext, "host">): WorkflowImpl {
  return new WorkflowImpl(descriptor, host);
}

/** What request traces show of a workflow binding's calls (its instances' calls are not traced). */
export const workflowTrace: TraceSpec = {
  create: { detail: (args) => (args[0] as { id?: string } | undefined)?.id },
  createBatch: { detail: (args) => `${Array.isArray(args[0]) ? args[0].length : 0} instances` },
  get: { detail: (args) => String(args[0]) },
};

/** Throws when a workflow's class is not exported by the entry (checked once the entry is imported). */
export function assertWorkflowClasses(bindings: readonly BindingDescriptor[], namespace: Record<string, unknown>): void {
  for (const binding of bindings) {
    if (binding.type !== "workflow" || binding.scriptName !== undefined) continue;
    const Class = namespace[binding.className];
    if (typeof Class !== "function") throw new Error(missingWorkflowClassMessage(binding));
  }
}
