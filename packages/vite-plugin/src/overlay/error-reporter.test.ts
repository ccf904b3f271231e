import { Console } from "node:console";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { createLogger, type ErrorPayload, type HotPayload } from "vite";
import { expect, test } from "vitest";
import { ErrorReporter } from "./error-reporter.js";

/** A real Vite logger writing into a string, and a channel recording what open pages would get. */
function createReporter({ clients = 1 } = {}) {
  let output = "";
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => (output += stripVTControlCharacters(chunk.toString())));
  const logger = createLogger("info", { console: new Console(stream, stream), allowClearScreen: false });
  const sent: ErrorPayload[] = [];
  const overlay = { clients: { size: clients }, send: (payload: ErrorPayload) => void sent.push(payload) };
  const reporter = new ErrorReporter({ workerName: () => "app", logger, overlay, root: "/app" });
  return { reporter, sent, output: () => output };
}

const boom = () => Object.assign(new Error("boom"), { stack: "Error: boom\n    at f (/app/src/a.ts:2:3)" });
const count = (text: string, part: string) => text.split(part).length - 1;

test("prints an error once per generation, names the worker and shortens paths", async () => {
  const { reporter, output } = createReporter();
  for (let i = 0; i < 4; i++) reporter.report(boom(), "request");
  await new Promise((resolve) => setImmediate(resolve));
  expect(count(output(), "[kindling] app: request error: boom")).toBe(1);
  expect(count(output(), "the same request error again")).toBe(1);
  expect(output()).toContain("    at f (src/a.ts:2:3)");

  reporter.recovered();
  reporter.report(boom(), "request");
  await new Promise((resolve) => setImmediate(resolve));
  expect(count(output(), "[kindling] app: request error: boom")).toBe(2);
});

test("sends every error to open pages, and nothing when no page is open", () => {
  const open = createReporter();
  open.reporter.report(boom(), "request");
  open.reporter.report(boom(), "request");
  expect(open.sent.map((p) => p.err.message)).toEqual(["boom", "boom"]);

  const closed = createReporter({ clients: 0 });
  closed.reporter.report(boom(), "evaluation");
  expect(closed.sent).toEqual([]);
});

test("replays the latest evaluation or config error to a page that connects, until recovered", () => {
  const { reporter } = createReporter({ clients: 0 });
  const received: HotPayload[] = [];
  const client = { send: (payload: HotPayload) => void received.push(payload) };
  reporter.report(boom(), "request");
  reporter.replay(client);
  expect(received).toEqual([]);

  reporter.report(new Error("first"), "evaluation");
  reporter.report(new Error('[kindling] wrangler.jsonc: "main" is missing.'), "config");
  reporter.replay(client);
  expect(received).toMatchObject([{ type: "error", err: { message: '[kindling] wrangler.jsonc: "main" is missing.' } }]);

  reporter.recovered();
  reporter.replay(client);
  expect(received).toHaveLength(1);
});

test("an announced end of a generation is one line; the requests that fail with it still reach open pages", async () => {
  const { reporter, sent, output } = createReporter();
  const cause = new Error("[kindling] The worker called process.exit(3), which ended its generation.");
  reporter.announce(cause);
  for (let i = 0; i < 3; i++) reporter.report(cause, "request");
  await new Promise((resolve) => setImmediate(resolve));
  expect(count(output(), "process.exit(3)")).toBe(1);
  expect(output()).not.toContain("request error");
  expect(sent.map((p) => p.err.message)).toEqual([cause.message, cause.message, cause.message]);
});
