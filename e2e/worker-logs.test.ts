/**
 * The worker's console output goes through Vite's logger, as other plugins' output does: a
 * `customLogger` receives it (at the console method's level, prefixed with the worker's name), and
 * `logLevel: "silent"` silences it.
 */
import { stripVTControlCharacters } from "node:util";
import { afterEach, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

let server: DevServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// The worker's name is dimmed (util.styleText) when the terminal has colors.
const plain = stripVTControlCharacters;

test("a customLogger gets the worker's lines, each at its level and prefixed with the worker's name", async () => {
  server = await startDevServer("worker-logs", { env: { LOGGER: "custom" } });
  expect(await (await server.fetch("/?id=1")).text()).toBe("logged");
  const lines = await until(() => {
    const output = plain(server!.output());
    return output.includes("error line 1") && output.split("\n").filter((line) => line.includes("[worker-logs]"));
  });
  expect(lines).toEqual([
    "CUSTOM info: [worker-logs] top-level log line",
    "CUSTOM info: [worker-logs] log line 1",
    "CUSTOM warn: [worker-logs] warn line 1",
    "CUSTOM error: [worker-logs] error line 1",
  ]);
});

test('logLevel "silent" silences the worker\'s console too', async () => {
  server = await startDevServer("worker-logs", { env: { LOGGER: "silent" } });
  expect(await (await server.fetch("/?id=2")).text()).toBe("logged");
  // A second request after the first one's lines would have been written (they cross before its response).
  expect(await (await server.fetch("/?id=3")).text()).toBe("logged");
  expect(server.output()).not.toMatch(/line/);
});
