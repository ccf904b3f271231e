import { Console } from "node:console";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { createLogger, type ErrorPayload } from "vite";
import { expect, test } from "vitest";
import { ErrorReporter } from "./error-reporter.js";
import { WorkflowLog } from "./workflow-log.js";

/** A real Vite logger writing into a string, a real reporter, and what open pages would get. */
function createLog() {
  let output = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString())));
  const logger = createLogger("info", { console: new Console(stream, stream), allowClearScreen: false });
  const sent: ErrorPayload[] = [];
  const overlay = { clients: { size: 1 }, send: (payload: ErrorPayload) => void sent.push(payload) };
  const reporter = new ErrorReporter({ workerName: () => "app", logger, overlay, root: "/app" });
  const log = new WorkflowLog({ workerName: () => "app", logger, reporter, collapseWindow: 60_000 });
  const lines = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return output
      .split("\n")
      .filter((line) => line.includes("[kindling]"))
      .map((line) => line.replace(/^.*?\[kindling\]/, "[kindling]"));
  };
  return { log, sent, lines };
}

const status = (instanceId: string, value: "queued" | "running") =>
  ({ type: "status", workflow: "orders", instanceId, status: value }) as const;

test("a line per state change; lines alike (many instances doing the same) are summed up", async () => {
  const { log, lines } = createLog();
  for (const id of ["a", "b", "c"]) {
    log.report(status(id, "queued"));
    log.report(status(id, "running"));
  }
  log.flush();
  log.report(status("d", "queued"));
  expect(await lines()).toMatchInlineSnapshot(`
    [
      "[kindling] app: workflow "orders" instance "a": queued",
      "[kindling] app: workflow "orders" instance "a": running",
      "[kindling] app: … and 2 more instances of workflow "orders" queued.",
      "[kindling] app: … and 2 more instances of workflow "orders" running.",
      "[kindling] app: workflow "orders" instance "d": queued",
    ]
  `);
});

test("step failures say what happens next, and their errors reach the overlay", async () => {
  const { log, sent, lines } = createLog();
  const error = { name: "Error", message: "card declined", stack: "Error: card declined\n    at charge (/app/src/flow.ts:3:9)" };
  const failed = { type: "step-failed", workflow: "orders", instanceId: "a", step: "charge", error } as const;
  log.report({ ...failed, attempt: 1, retryIn: 10_000 });
  log.report({ ...failed, attempt: 6 });
  log.report({ type: "status", workflow: "orders", instanceId: "a", status: "errored", error });
  log.report({ type: "stalled", workflow: "orders", instanceId: "b", reason: "[kindling] No class." });
  expect((await lines()).filter((line) => !line.includes("the same"))).toMatchInlineSnapshot(`
    [
      "[kindling] app: workflow "orders" instance "a": step "charge" failed (attempt 1) and is retried in 10 s: Error: card declined",
      "[kindling] app: workflow error: card declined",
      "[kindling] app: workflow "orders" instance "a": step "charge" failed (attempt 6) and is not retried (the error goes to run()): Error: card declined",
      "[kindling] app: workflow "orders" instance "a": errored: Error: card declined",
      "[kindling] app: workflow "orders" instance "b" cannot run in this generation; it runs again after the next change. [kindling] No class.",
    ]
  `);
  // The instance's end repeats its last step's error: the overlay shows it once per attempt, not again.
  expect(sent.map((payload) => payload.err.message)).toEqual(["card declined", "card declined"]);
  log.report({
    type: "status",
    workflow: "orders",
    instanceId: "c",
    status: "errored",
    error: { name: "Error", message: "thrown by run()" },
  });
  expect(sent.at(-1)?.err.message).toBe("thrown by run()");
});
