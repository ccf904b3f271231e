import { expect, test } from "vitest";
import { resolveCompatibility } from "./compatibility.js";

test("nodejs_compat is on by date from 2026-08-04, by its flag before, and off with both opt-out flags", () => {
  expect(resolveCompatibility("2026-08-03", []).nodejs_compat).toBe(false);
  expect(resolveCompatibility("2026-08-04", []).nodejs_compat).toBe(true);
  expect(resolveCompatibility("2024-01-01", ["nodejs_compat"]).nodejs_compat).toBe(true);
  const off = resolveCompatibility("2026-10-01", ["no_nodejs_compat"]);
  // nodejs_compat_v2 has its own default date: one opt-out flag leaves its globals on.
  expect([off.nodejs_compat, off.nodejs_compat_v2]).toEqual([false, true]);
  const both = resolveCompatibility("2026-10-01", ["no_nodejs_compat", "no_nodejs_compat_v2"]);
  expect([both.nodejs_compat, both.nodejs_compat_v2]).toEqual([false, false]);
});

test("flags implied by nodejs_compat follow their own dates", () => {
  expect(resolveCompatibility("2024-09-22", ["nodejs_compat"]).nodejs_compat_v2).toBe(false);
  expect(resolveCompatibility("2024-09-23", ["nodejs_compat"]).nodejs_compat_v2).toBe(true);
  expect(resolveCompatibility("2025-03-31", ["nodejs_compat"]).populate_process_env).toBe(false);
  expect(resolveCompatibility("2025-04-01", ["nodejs_compat"]).populate_process_env).toBe(true);
  expect(resolveCompatibility("2025-04-01", []).populate_process_env).toBe(false);
  expect(resolveCompatibility("2026-02-10", ["nodejs_compat"]).nodejs_global_timers).toBe(true);
  expect(resolveCompatibility("2026-02-09", ["nodejs_compat"]).nodejs_global_timers).toBe(false);
});

test("an enable flag turns a flag on before its date; its disable flag turns it off after", () => {
  expect(resolveCompatibility("2025-05-31", []).allow_eval_during_startup).toBe(false);
  expect(resolveCompatibility("2025-05-31", ["allow_eval_during_startup"]).allow_eval_during_startup).toBe(true);
  expect(resolveCompatibility("2025-06-01", ["disallow_eval_during_startup"]).allow_eval_during_startup).toBe(false);
});
