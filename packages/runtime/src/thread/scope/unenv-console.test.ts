import { expect, test } from "vitest";
import { resolveCompatibility } from "../../shared/compatibility.js";
import { addUnenvConsoleMembers } from "./unenv-console.js";

const consoleFor = (compatibilityDate: string, compatibilityFlags: string[]) => {
  const worker = { log: () => {} } as unknown as Console;
  const flags = resolveCompatibility(compatibilityDate, compatibilityFlags);
  addUnenvConsoleMembers(worker, flags, { compatibilityDate, compatibilityFlags });
  return Object.keys(worker).toSorted();
};

test("with nodejs_compat before 2025-09-21 the console carries unenv's Node members", () => {
  expect(consoleFor("2025-01-15", ["nodejs_compat"])).toEqual([
    "Console",
    "_ignoreErrors",
    "_stderr",
    "_stderrErrorHandler",
    "_stdout",
    "_stdoutErrorHandler",
    "_times",
    "log",
  ]);
});

test("without nodejs_compat, from 2025-09-21 or with workerd's node:console the console is left alone", () => {
  expect(consoleFor("2025-01-15", [])).toEqual(["log"]);
  expect(consoleFor("2025-09-21", ["nodejs_compat"])).toEqual(["log"]);
  expect(consoleFor("2025-01-15", ["nodejs_compat", "enable_nodejs_console_module"])).toEqual(["log"]);
});
