/**
 * Errors as Workflows passes them between the user's code and its engine: a standard error keeps
 * its class, any other name is folded into the message ("MyError: boom" as an Error), as
 * `status().error` and a failed step's rethrown error show it under @cloudflare/vite-plugin.
 */
import type { WorkflowError, WorkflowStepError } from "../../protocol/workflows.js";

const errorClasses: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

const nonRetryablePrefix = "NonRetryableError";

export function toWorkflowError(error: unknown): WorkflowStepError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const stack = error.stack;
  if (error instanceof DOMException || errorClasses[error.name]) return { name: error.name, message: error.message, stack };
  return { name: "Error", message: `${error.name}: ${error.message}`, stack };
}

/** The error a failed step throws into `run()`. */
export function fromWorkflowError({ name, message }: WorkflowError): Error {
  const Class = errorClasses[name];
  return Class ? new Class(message) : new DOMException(message, name);
}

/** A `NonRetryableError` of `cloudflare:workflows` (known by name, as production does). */
export function isNonRetryable(error: unknown): boolean {
  return error instanceof Error && (error.name === nonRetryablePrefix || String(error.message).startsWith(nonRetryablePrefix));
}

/**
 * `status().error` of an instance whose `run()` threw `error`. An unhandled NonRetryableError ends
 * it with production's generic message, or with its own message under the
 * `workflows_preserve_non_retryable_error_message` compatibility flag (default from 2026-05-14).
 */
export function runError(error: unknown, preserveNonRetryable: boolean): WorkflowStepError {
  if (!isNonRetryable(error)) return toWorkflowError(error);
  const { name, message, stack } = error as Error;
  if (!preserveNonRetryable) {
    return {
      name: "WorkflowFatalError",
      message:
        "The execution of the Workflow instance was terminated, as a step threw an NonRetryableError and it was not handled",
      stack,
    };
  }
  const own = name === nonRetryablePrefix ? message : message.replace(/^NonRetryableError:?\s*/, "");
  return { name: nonRetryablePrefix, message: own, stack };
}

/** Whether `workflows_preserve_non_retryable_error_message` is on for this config. */
export function preservesNonRetryableMessage(compatibilityDate: string, flags: readonly string[]): boolean {
  if (flags.includes("workflows_replace_non_retryable_error_message")) return false;
  return flags.includes("workflows_preserve_non_retryable_error_message") || compatibilityDate >= "2026-05-14";
}

/** A step's value that cannot be stored ends the instance (as production's engine does). */
export function notSerialisable(step: string): WorkflowStepError {
  return {
    name: "WorkflowFatalError",
    message: `The execution of the Workflow instance was terminated, as the step "${step}" returned a value which is not serialisable`,
  };
}
