import { stripVTControlCharacters } from "node:util";
import { createLogger, type Logger } from "vite";
import { expect, test } from "vitest";
import { WorkerConsole } from "./worker-console.js";

/** A Vite logger (as a user's customLogger) that records what it is given. */
function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level}: ${stripVTControlCharacters(message)}`);
  return { logger: { ...createLogger("silent"), info: record("info"), warn: record("warn"), error: record("error") }, lines };
}

test("each complete line reaches the logger at its level, prefixed with the worker's name", () => {
  const { logger, lines } = recordingLogger();
  const console = new WorkerConsole(logger, () => "my-worker");
  console.write("info", "one\ntwo\n");
  console.write("warn", "careful\n");
  console.write("error", "broken\n");
  expect(lines).toEqual(["info: [my-worker] one\n[my-worker] two", "warn: [my-worker] careful", "error: [my-worker] broken"]);
});

test("a line written in pieces is logged once it is complete, per level", () => {
  const { logger, lines } = recordingLogger();
  const console = new WorkerConsole(logger, () => "w");
  console.write("info", "par");
  console.write("error", "err");
  console.write("info", "tial\n");
  expect(lines).toEqual(["info: [w] partial"]);
  console.write("error", "or\n");
  expect(lines).toEqual(["info: [w] partial", "error: [w] error"]);
});

test("the prefix follows the worker's name when the config renames it", () => {
  const { logger, lines } = recordingLogger();
  let name = "before";
  const console = new WorkerConsole(logger, () => name);
  console.write("info", "a\n");
  name = "after";
  console.write("info", "b\n");
  expect(lines).toEqual(["info: [before] a", "info: [after] b"]);
});
