/** Runs a `scheduled`, `email` or `queue` event against the user's handlers (or a workflow run) and reports its outcome. */
import type { TriggerEvent, TriggerResult } from "../protocol/messages.js";
import { toSerializedError } from "../protocol/errors.js";
import { ForwardableEmailMessage, type EmailActions } from "../email/forwardable-email-message.js";
import { parseEmail, toEmailHeaders } from "../email/parse-email.js";
import { outboxDir } from "../email/outbox.js";
import type { ExecutionContext } from "./execution-context.js";
import { findHandler } from "./handlers.js";
import { ScheduledController } from "./scheduled-controller.js";
import { runQueue } from "./run-queue.js";
import { settle } from "./settle.js";
import { assertNever } from "../shared/assert-never.js";
import { runWorkflow, type WorkflowRunContext } from "../bindings/workflows/index.js";

export interface TriggerContext {
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  ctx: ExecutionContext;
  /** The event's waitUntil() work: the outcome is known only once it has settled. */
  waitUntil: Promise<unknown>[];
  persist: string;
  /** What a workflow run needs besides the handler's namespace, env and ctx. */
  workflows: Omit<WorkflowRunContext, "namespace" | "env" | "ctx">;
}

export async function runTrigger(event: TriggerEvent, context: TriggerContext): Promise<TriggerResult> {
  switch (event.type) {
    case "scheduled":
      return runScheduled(event, context);
    case "email":
      return runEmail(event, context);
    case "queue":
      return runQueue(event, context);
    case "workflow":
      return runWorkflow(event, { ...context.workflows, ...context });
    default:
      return assertNever(event, "trigger event");
  }
}

async function runScheduled(
  event: Extract<TriggerEvent, { type: "scheduled" }>,
  context: TriggerContext,
): Promise<TriggerResult> {
  const handler = findHandler(context.namespace, "scheduled", context.env, context.ctx);
  if (!handler) return { outcome: "no-handler" };
  const controller = new ScheduledController(event.scheduledTime, event.cron);
  const error = await settle(() => handler(controller), context.waitUntil);
  const noRetry = ScheduledController.noRetryRequested(controller);
  return error === undefined ? { outcome: "ok", noRetry } : { outcome: "exception", noRetry, error: toSerializedError(error) };
}

async function runEmail(event: Extract<TriggerEvent, { type: "email" }>, context: TriggerContext): Promise<TriggerResult> {
  const bytes = new Uint8Array(event.raw);
  let parsed;
  try {
    parsed = await parseEmail(bytes);
  } catch (error) {
    return { outcome: "invalid", message: `Email could not be parsed: ${(error as Error).name}: ${(error as Error).message}` };
  }
  if (parsed.messageId === undefined) {
    return {
      outcome: "invalid",
      message: "Email could not be parsed: invalid or no message id provided (add a Message-ID header)",
    };
  }
  const handler = findHandler(context.namespace, "email", context.env, context.ctx);
  if (!handler) return { outcome: "no-handler" };
  const actions: EmailActions = { forwards: [], replies: [] };
  const headers = toEmailHeaders(parsed);
  const message = new ForwardableEmailMessage(event.from, event.to, bytes, parsed, headers, actions, outboxDir(context.persist));
  const error = await settle(() => handler(message), context.waitUntil);
  const result = { rejectReason: actions.rejectReason, forwards: actions.forwards, replies: actions.replies };
  return error === undefined
    ? { outcome: "ok", ...result }
    : { outcome: "exception", error: toSerializedError(error), ...result };
}
