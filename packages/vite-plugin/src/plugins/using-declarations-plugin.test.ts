import { expect, test } from "vitest";
import { lowerUsing } from "./using-declarations-plugin.js";

test("using and await using become try/finally with the usingCtx helper", async () => {
  const lowered = await lowerUsing(
    "export async function f(env) { { using a = await env.get(); await a.x(); } await using b = env.open(); return 1; }",
    "/src/f.js",
  );
  expect(lowered?.code).toContain('from "@oxc-project/runtime/helpers/usingCtx"');
  expect(lowered?.code).not.toMatch(/\busing\s+[ab]\b/);
  expect((lowered!.map as { mappings: string }).mappings.length).toBeGreaterThan(0);
});

test("code without using declarations is left alone, `using` as a plain name included", async () => {
  expect(await lowerUsing("const using = 1; export default using + 1;", "/src/plain.js")).toBeUndefined();
  expect(await lowerUsing("export const x = 1;", "/src/none.js")).toBeUndefined();
});

test("a file Oxc cannot parse fails with its path, line and column", async () => {
  await expect(lowerUsing("export function f() {\n  using x = ;\n}", "/src/broken.js")).rejects.toThrow(/broken\.js:2:1[0-9]/);
});
