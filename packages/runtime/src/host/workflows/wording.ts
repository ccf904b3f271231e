/** Production's wording for what the workflow engine refuses (as `@cloudflare/vite-plugin` shows it). */
import type { WorkflowError } from "../../protocol/workflows.js";

export const instanceNotFound = () => new Error("instance.not_found");

export const instanceAlreadyExists = (id: string) =>
  new Error(`(instance.already_exists) Workflow instance with id "${id}" already exists`);

export const cannotTerminate = () =>
  new Error("WorkflowError: (instance.cannot_terminate) Cannot terminate instance since its on a finite state");

/** `createBatch`'s per-instance errors (code and message as the REST API reports them). */
export const batchErrors = {
  alreadyExists: { code: 10405, message: "workflows.api.error.instance.already_exists" },
  duplicateInBatch: { code: 10415, message: "workflows.api.error.instance.duplicate_in_batch" },
};

export const sleepInThePast = (): WorkflowError => ({
  name: "Error",
  message: "You can't sleep until a time in the past, time-traveler",
});

export const eventTimedOut = (timeout: number): WorkflowError => ({
  name: "Error",
  message: `Execution timed out after ${timeout}ms`,
});
