/**
 * The receiving end of promise pipelining (outgoing-call.ts): the calls a message pipelined on its
 * own call's result run on that result where it is, each as soon as its target settles (calls on
 * one target start in the order they were made, and run concurrently as separate calls do). A
 * call on a failed result fails with the same error.
 */
import type { PipelinedCall, PipelinedOutcome } from "../protocol/messages.js";
import type { RpcCall } from "./dispatch.js";

export interface PipelinedRunner {
  /** Runs one call on a target (the decoded arguments are the runner's business). */
  run(target: unknown, call: RpcCall): Promise<unknown>;
  encodeValue(value: unknown): unknown;
  encodeError(error: unknown): unknown;
}

export async function runPipelined(
  root: unknown,
  calls: readonly PipelinedCall[],
  runner: PipelinedRunner,
): Promise<PipelinedOutcome[]> {
  const results: Promise<unknown>[] = [Promise.resolve(root)];
  for (const call of calls) {
    const target = results[call.on];
    if (!target) throw new Error(`[kindling] internal: a pipelined call names call ${call.on}, which the message lacks.`);
    const operation: RpcCall =
      call.op === "call" ? { op: "call", path: call.path, args: call.args } : { op: "get", path: call.path };
    const result = target.then((value) => runner.run(value, operation));
    result.catch(() => {}); // reported through its outcome
    results.push(result);
  }
  return await Promise.all(results.slice(1).map((result) => outcomeOf(result, runner)));
}

async function outcomeOf(result: Promise<unknown>, runner: PipelinedRunner): Promise<PipelinedOutcome> {
  try {
    return { ok: true, value: runner.encodeValue(await result) };
  } catch (error) {
    return { ok: false, error: runner.encodeError(error) };
  }
}
