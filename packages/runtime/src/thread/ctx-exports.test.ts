import { expect, test } from "vitest";
import { ctxExportsEnabled } from "./ctx-exports.js";

test("ctx.exports follows workerd's compatibility date and flags", () => {
  expect(ctxExportsEnabled({ compatibilityDate: "2025-11-17", compatibilityFlags: [] })).toBe(true);
  expect(ctxExportsEnabled({ compatibilityDate: "2025-11-16", compatibilityFlags: [] })).toBe(false);
  expect(ctxExportsEnabled({ compatibilityDate: "2024-01-01", compatibilityFlags: ["enable_ctx_exports"] })).toBe(true);
  expect(ctxExportsEnabled({ compatibilityDate: "2026-10-01", compatibilityFlags: ["disable_ctx_exports"] })).toBe(false);
});
