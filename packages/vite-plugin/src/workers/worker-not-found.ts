/**
 * The answer for a call to a worker that no dev server on this machine runs. As with the official
 * plugin's dev registry, whose first sentences this keeps: a fetch gets a 503 response, an RPC
 * call fails with the same message.
 */
import { encodeFailure, type RpcOperation, type RpcOutcome } from "@kindling/runtime/protocol";

export function workerNotFoundMessage(worker: string, localWorkers: readonly string[]): string {
  return (
    `[kindling] Worker "${worker}" not found. Make sure it is running locally. It is not one of this dev server's ` +
    `workers (${localWorkers.map((name) => `"${name}"`).join(", ")}), and no other Kindling dev server on this machine ` +
    `runs it: add its wrangler config to kindling({ auxiliaryWorkers }), or start the vite dev server of its own project.`
  );
}

export function workerNotFound(operation: RpcOperation, message: string): RpcOutcome {
  // Nothing to free in a worker that is gone.
  if (operation.op === "release" || operation.op === "dup") return { ok: true, value: undefined };
  if (operation.op === "fetch") {
    if (operation.request.body instanceof ReadableStream) void operation.request.body.cancel().catch(() => {});
    const headers: [string, string][] = [["content-type", "text/plain;charset=UTF-8"]];
    return { ok: true, response: { status: 503, statusText: "Service Unavailable", headers, body: message } };
  }
  return { ok: false, error: encodeFailure(new Error(message)) };
}
