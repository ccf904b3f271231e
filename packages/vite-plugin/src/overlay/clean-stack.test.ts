import { expect, test } from "vitest";
import { cleanStack, firstUserLocation, parseFrameLocation } from "./clean-stack.js";

const stack = [
  "Error: boom",
  "    at findUser (/app/src/routes/user.ts:12:9)",
  "    at file:///repo/node_modules/.pnpm/vite@8.3.8/node_modules/vite/dist/node/module-runner.js:807:163",
  "    at Object.fetch (/app/src/index.ts:20:16)",
  "    at handleFetch (file:///repo/node_modules/@kindling/runtime/dist/thread/entry.js:79:46)",
  "    at async run (/app/node_modules/hono/dist/hono.js:10:5)",
  "    at MessagePort.<anonymous> (node:internal/per_context/messageport:23:28)",
  "    at [nodejs.internal.kHybridDispatch] (node:internal/event_target:831:20)",
].join("\n");

test("keeps the user's frames and libraries, drops Vite, Kindling and Node internals", () => {
  expect(cleanStack(stack)).toMatchInlineSnapshot(`
    "    at findUser (/app/src/routes/user.ts:12:9)
        at Object.fetch (/app/src/index.ts:20:16)
        at async run (/app/node_modules/hono/dist/hono.js:10:5)"
  `);
});

test("the first user location is the top frame of the user's code", () => {
  expect(firstUserLocation(stack)).toEqual({ file: "/app/src/routes/user.ts", line: 12, column: 9 });
});

test("frames from Kindling's own sources (this test file included) are internal", () => {
  const here = new Error("here").stack!;
  expect(here).toContain("clean-stack.test.ts");
  expect(cleanStack(here)).not.toContain("clean-stack.test.ts");
});

test("file URLs become paths; frames without a location have none", () => {
  expect(parseFrameLocation("    at file:///app/src/a.ts:1:2")).toEqual({ file: "/app/src/a.ts", line: 1, column: 2 });
  expect(parseFrameLocation("    at async handler (/app/src/b.ts:3:4)")).toEqual({ file: "/app/src/b.ts", line: 3, column: 4 });
  expect(parseFrameLocation("    at new Promise (<anonymous>)")).toBeUndefined();
});
