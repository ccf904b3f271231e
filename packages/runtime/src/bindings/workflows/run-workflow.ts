/**
 * Runs one run of a workflow instance in this generation (a `workflow` TriggerEvent from the
 * host's engine): a fresh instance of the user's WorkflowEntrypoint class, `run(event, step)` from
 * the top, until it finishes or a step stops it.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import type { HostUnitCaller } from "../../protocol/host-units.js";
import type { TriggerResult } from "../../protocol/messages.js";
import type { WorkflowRunEvent, WorkflowRunResult } from "../../protocol/workflows.js";
import { runError } from "./errors.js";
import { InstanceRun } from "./instance-run.js";
import { deserialize, serialize } from "./serialize.js";
import { WorkflowStep } from "./step.js";

export interface WorkflowRunContext {
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  /** `this.ctx` of the entrypoint: its waitUntil work is drained with the generation. */
  ctx: unknown;
  host: HostUnitCaller;
  generation: number;
  bindings: readonly BindingDescriptor[];
  /** `workflows_preserve_non_retryable_error_message` is on. */
  preserveNonRetryable: boolean;
}

type WorkflowClass = new (ctx: unknown, env: unknown) => { run(event: unknown, step: unknown): unknown };

export async function runWorkflow(event: WorkflowRunEvent, context: WorkflowRunContext): Promise<TriggerResult> {
  const found = findWorkflowClass(event.workflow, context);
  if (typeof found === "string") return { outcome: "invalid", message: found };
  const ref = { workflow: event.workflow, instanceId: event.instanceId, run: event.run, generation: context.generation };
  const run = new InstanceRun(ref, context.host);
  const step = new WorkflowStep(run, found.descriptor.stepLimit);
  const workflowEvent = {
    payload: deserialize(event.params),
    timestamp: new Date(event.createdAt),
    instanceId: event.instanceId,
    workflowName: event.workflow,
  };
  const settled = Promise.resolve()
    .then(() => new found.Class(context.ctx, context.env).run(workflowEvent, step))
    .then(
      (output): WorkflowRunResult => complete(output),
      (error: unknown): WorkflowRunResult => ({ type: "errored", error: runError(error, context.preserveNonRetryable) }),
    );
  const result = await Promise.race([settled, run.over.then(() => undefined)]);
  if (result) {
    run.finish();
    await context.host.call("workflow", "finish", ref, result);
  }
  return { outcome: "ok" };
}

/** The class bound to `workflow` in this generation's config, or why there is none. */
function findWorkflowClass(workflow: string, context: WorkflowRunContext) {
  const descriptor = context.bindings.find(
    (binding): binding is BindingDescriptor<"workflow"> =>
      binding.type === "workflow" && binding.workflowName === workflow && binding.scriptName === undefined,
  );
  if (!descriptor) {
    return (
      `[kindling] Workflow "${workflow}" has instances, but no "workflows" entry of this worker's wrangler config names it. ` +
      `Add { "name": "${workflow}", "binding": ..., "class_name": ... } to "workflows" to run them.`
    );
  }
  const Class = context.namespace[descriptor.className];
  if (typeof Class !== "function" || typeof (Class.prototype as { run?: unknown })?.run !== "function") {
    return missingWorkflowClassMessage(descriptor);
  }
  return { descriptor, Class: Class as WorkflowClass };
}

export function missingWorkflowClassMessage(descriptor: BindingDescriptor<"workflow">): string {
  return (
    `[kindling] Workflow "${descriptor.workflowName}" (binding "${descriptor.name}") runs class "${descriptor.className}", ` +
    `but the worker's entry does not export a class of that name with a run() method. ` +
    `Export it, e.g. export class ${descriptor.className} extends WorkflowEntrypoint { async run(event, step) {} }.`
  );
}

/** `status().output`: what `run()` returned, null for nothing; a value that cannot be stored errors the instance. */
function complete(output: unknown): WorkflowRunResult {
  if (output === undefined) return { type: "complete", output: null };
  const serialized = serialize(output);
  if ("bytes" in serialized) return { type: "complete", output: serialized.bytes };
  const error = "error" in serialized ? serialized.error : new DOMException("A function could not be cloned.", "DataCloneError");
  return { type: "errored", error: { name: error.name, message: error.message } };
}
