import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { transformWithOxc } from "vite";
import { afterAll, expect, test } from "vitest";
import { formatErrorText, toErrorPayload } from "./to-error-payload.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-payload-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function errorFromUserModule(): Promise<Error> {
  const file = path.join(dir, "user.mjs");
  fs.writeFileSync(file, ["export function handler() {", "  const user = null;", "  return user.name;", "}", ""].join("\n"));
  const { handler } = (await import(pathToFileURL(file).href)) as { handler(): unknown };
  try {
    handler();
  } catch (error) {
    return error as Error;
  }
  throw new Error("handler did not throw");
}

test("a runtime error points at the user's file and line, with a frame read from the file", async () => {
  const payload = toErrorPayload(await errorFromUserModule());
  const file = path.join(dir, "user.mjs");
  expect(payload.message).toBe("TypeError: Cannot read properties of null (reading 'name')");
  expect(payload.id).toBe(file);
  expect(payload.loc).toEqual({ file, line: 3, column: 15 });
  expect(payload.stack.split("\n")[0]).toBe(`    at handler (${file}:3:15)`);
  expect(payload.frame).toMatchInlineSnapshot(`
    "1  |  export function handler() {
    2  |    const user = null;
    3  |    return user.name;
       |                ^
    4  |  }
    5  |  "
  `);
});

test("a syntax error keeps Vite's file and oxc's location (1-based column) and loses its ANSI codes", async () => {
  const file = path.join(dir, "broken.ts");
  const error = await transformWithOxc('export const text = "broken;\n', file).then(
    () => new Error("no error"),
    (e: Error) => Object.assign(e, { id: file, plugin: "vite:oxc" }),
  );
  const payload = toErrorPayload(error);
  expect(payload.loc).toEqual({ file, line: 1, column: 21 });
  expect(payload.plugin).toBe("vite:oxc");
  expect(payload.message).not.toContain("\u001b[");
  expect(payload.message).toContain("Unterminated string");
  // Only Vite's own frames were on top; what is left is the caller (here: Vitest).
  expect(payload.stack).not.toMatch(/[\\/]vite[\\/]dist|vite@/);
});

test("[kindling] errors and non-errors keep their message as is", () => {
  const config = Object.assign(new Error('[kindling] wrangler.jsonc: "main" is missing.'), { name: "KindlingConfigError" });
  expect(toErrorPayload(config).message).toBe('[kindling] wrangler.jsonc: "main" is missing.');
  expect(toErrorPayload("thrown string").message).toBe("thrown string");
});

test("the text form lists message, plugin, file, frame and stack", () => {
  const text = formatErrorText({
    message: "boom",
    plugin: "vite:oxc",
    id: "/app/a.ts",
    loc: { file: "/app/a.ts", line: 2, column: 3 },
    frame: "2 | x",
    stack: "    at f (/app/a.ts:2:3)",
  });
  expect(text).toMatchInlineSnapshot(`
    "boom
      Plugin: vite:oxc
      File: /app/a.ts:2:3
      2 | x
        at f (/app/a.ts:2:3)"
  `);
});
