import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { parseCron } from "./cron.js";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

const next = (expression: string) => parseCron(expression).nextRun(new Date("2026-11-21T00:00:00Z"))!.toISOString();

test("cron expressions follow Cloudflare's documented examples (UTC, 1 = Sunday, L, W, #)", () => {
  expect(next("0 17 * * sun")).toBe("2026-11-22T17:00:00.000Z");
  expect(next("0 17 * * 1")).toBe("2026-11-22T17:00:00.000Z");
  expect(next("10 7 * * 2-6")).toBe("2026-11-23T07:10:00.000Z");
  expect(next("0 18 * * 6L")).toBe("2026-11-27T18:00:00.000Z");
  expect(next("0 18 * * friL")).toBe("2026-11-27T18:00:00.000Z");
  expect(next("59 23 LW * *")).toBe("2026-11-30T23:59:00.000Z");
  expect(next("0 10 * * MON#2")).toBe("2026-12-14T10:00:00.000Z");
});

test("an invalid cron in triggers.crons names the key and the value", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-cron-"));
  fs.writeFileSync(path.join(dir, "index.ts"), "export default {}");
  fs.writeFileSync(path.join(dir, "wrangler.jsonc"), JSON.stringify({ main: "index.ts", triggers: { crons: ["* * * *"] } }));
  try {
    expect(() => resolveWorkerConfig({ root: dir })).toThrowErrorMatchingInlineSnapshot(
      `[KindlingConfigError: [kindling] wrangler.jsonc: "triggers.crons[0]" is not a valid cron expression (has 4 fields; Cloudflare's have 5 fields: minute hour day-of-month month day-of-week, in UTC), got "* * * *".]`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
