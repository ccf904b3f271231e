import { expect, test } from "vitest";
import { processEnvDefine } from "./process-env-define.js";

test("process.env.NODE_ENV is always replaced; process.env becomes {} only while Node.js compatibility is off", () => {
  const nodeEnv = JSON.stringify(process.env.NODE_ENV || "development");
  const off = processEnvDefine({ compatibilityDate: "2026-08-03", compatibilityFlags: [] }, "development");
  expect(off).toEqual({
    "process.env.NODE_ENV": nodeEnv,
    "global.process.env.NODE_ENV": nodeEnv,
    "globalThis.process.env.NODE_ENV": nodeEnv,
    "process.env": "{}",
    "global.process.env": "{}",
    "globalThis.process.env": "{}",
  });
  // On by flag, and by date from 2026-08-04: only NODE_ENV is replaced.
  const onKeys = ["process.env.NODE_ENV", "global.process.env.NODE_ENV", "globalThis.process.env.NODE_ENV"];
  expect(
    Object.keys(processEnvDefine({ compatibilityDate: "2025-01-01", compatibilityFlags: ["nodejs_compat"] }, "development")),
  ).toEqual(onKeys);
  expect(Object.keys(processEnvDefine({ compatibilityDate: "2026-08-04", compatibilityFlags: [] }, "development"))).toEqual(
    onKeys,
  );
});
