/** How the workflow engines reach a worker's generations: a run is a trigger in the current one. */
import type { RunOutcome, WorkflowEnginesOptions } from "@kindling/runtime/host";
import type { GenerationManager } from "../generation/generation-manager.js";

export function workflowRuns(manager: GenerationManager): Pick<WorkflowEnginesOptions, "run" | "isCurrent"> {
  return {
    async run(event): Promise<RunOutcome> {
      const result = await manager.trigger(event);
      // Broken code (a failed build) waits for an edit; a generation that died (aborted, blocked,
      // drained too long) leaves the run to a fresh one at once.
      const broken = manager.current?.error !== undefined;
      switch (result.outcome) {
        case "ok":
          return { ok: true };
        case "invalid":
          return { ok: false, reason: result.message, stall: true };
        case "failed":
          return { ok: false, reason: result.error.message, stall: broken };
        case "exception":
          return { ok: false, reason: result.error?.message ?? "the run threw", stall: broken };
        case "no-handler":
          return { ok: false, reason: "the generation did not run it", stall: true };
      }
    },
    // A run goes on in the newest code: once a change is saved, its next step waits for the build.
    isCurrent: (generation) => manager.current?.id === generation && !manager.changesPending,
  };
}
