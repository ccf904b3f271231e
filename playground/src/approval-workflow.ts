/**
 * A Workflow: a request waits for someone to approve or reject it (`step.waitForEvent`), then is
 * paid after a short cooling-off (`step.sleep`). Its state lives in Kindling's engine on the host:
 * edit this file while a request waits, and the rest of the run goes on in the new code.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";

export interface ApprovalParams {
  title: string;
  amount: number;
}

export interface Decision {
  approved: boolean;
  by: string;
}

export interface ApprovalEnv {
  APPROVAL: Workflow<ApprovalParams>;
}

export class ApprovalWorkflow extends WorkflowEntrypoint<ApprovalEnv, ApprovalParams> {
  async run(event: WorkflowEvent<ApprovalParams>, step: WorkflowStep) {
    const request = await step.do("record the request", async () => {
      if (!(event.payload.amount > 0)) throw new NonRetryableError(`The amount must be above 0, got ${event.payload.amount}.`);
      return { title: event.payload.title, amount: event.payload.amount, recordedAt: new Date().toISOString() };
    });
    let decision: Decision;
    try {
      decision = (await step.waitForEvent<Decision>("wait for a decision", { type: "decision", timeout: "1 hour" })).payload;
    } catch {
      return { ...request, outcome: "expired: nobody decided within an hour" };
    }
    if (!decision.approved) return { ...request, outcome: `rejected by ${decision.by}` };
    await step.sleep("cooling-off period", "5 seconds");
    const payment = await step.do("pay", { retries: { limit: 2, delay: "1 second", backoff: "constant" } }, async () => ({
      reference: `PAY-${crypto.randomUUID().slice(0, 8)}`,
      paidAt: new Date().toISOString(),
    }));
    return { ...request, outcome: `approved by ${decision.by}, paid`, payment };
  }
}
