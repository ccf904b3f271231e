import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-date-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const now = new Date("2026-12-01T23:30:00Z");
const resolve = (config: object, envName?: string) => {
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ main: "index.ts", ...config }));
  return resolveWorkerConfig({ root, envName, now });
};

test("a date that is not on the calendar is an error saying why", () => {
  expect(() => resolve({ compatibility_date: "2025-02-30" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_date" must be a real date (2025-02 has 28 days), got "2025-02-30".]`,
  );
  expect(() => resolve({ compatibility_date: "2026-13-01" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_date" must be a real date (months go from 01 to 12), got "2026-13-01".]`,
  );
  expect(() => resolve({ compatibility_date: "2025-1-5" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_date" must be a date like "2025-01-31" (YYYY-MM-DD), got "2025-1-5".]`,
  );
  expect(resolve({ compatibility_date: "2024-02-29" }).compatibilityDate).toBe("2024-02-29");
});

test("a date after today (UTC) is an error in Miniflare's words; today passes", () => {
  expect(() => resolve({ compatibility_date: "2026-12-02" })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "compatibility_date" is "2026-12-02", which is in the future (today is 2026-12-01 in UTC): Compatibility date "2026-12-02" is in the future and unsupported. Set it to 2026-12-01 or earlier.]`,
  );
  expect(resolve({ compatibility_date: "2026-12-01" }).compatibilityDate).toBe("2026-12-01");
});

test("the date of the selected environment is checked where it is written", () => {
  const config = { compatibility_date: "2026-01-01", env: { next: { compatibility_date: "2099-01-01" } } };
  expect(resolve(config).compatibilityDate).toBe("2026-01-01");
  expect(() => resolve(config, "next")).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "env.next.compatibility_date" is "2099-01-01", which is in the future (today is 2026-12-01 in UTC): Compatibility date "2099-01-01" is in the future and unsupported. Set it to 2026-12-01 or earlier.]`,
  );
});

test("without a date, yesterday's is used", () => {
  expect(resolve({}).compatibilityDate).toBe("2026-11-30");
});
