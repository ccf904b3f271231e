/**
 * Module semantics after a reload, when the generation links the host's batch itself
 * (thread/linker.ts) instead of letting Vite's runner fetch and evaluate each module: the second
 * generation must answer exactly as the first (Vite's runner, every module fetched), and an error
 * thrown by an unchanged module's body points at its source line.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { startDevServer, until, type DevServer } from "./helpers/dev-server.js";

const files: Record<string, string> = {
  "src/index.ts": `
import { log } from "./log";
import "./tla";
import "./plain";
import { a, readB } from "./cycle-a";
import { count, increment } from "./counter";
import * as star from "./star";
import { leaf } from "./leaf";
import { checked } from "./thrower";
import { hasHot } from "./hot";

let requests = 0;
export default {
  async fetch(request: Request) {
    if (new URL(request.url).pathname === "/leaf") return new Response(leaf);
    requests++;
    const before = count;
    increment();
    const lazy = await import("./lazy");
    let boom = "";
    try {
      await import("./boom");
    } catch (error) {
      boom = (error as Error).stack!.split("\\n").slice(0, 2).join("\\n");
    }
    return Response.json({ requests, log, a, b: readB(), before, after: count, star: Object.keys(star), lazy: lazy.value, hasHot, boom, checked, leaf });
  },
};
`,
  "src/log.ts": `export const log: string[] = [];\n`,
  "src/tla.ts": `import { log } from "./log";\nlog.push("tla start");\nawait new Promise((resolve) => setTimeout(resolve, 5));\nlog.push("tla end");\n`,
  "src/plain.ts": `import { log } from "./log";\nlog.push("plain");\n`,
  "src/cycle-a.ts": `import { log } from "./log";\nimport { b, seenA, aLater } from "./cycle-b";\nlog.push("a: b=" + b + ", b saw a as " + seenA);\nexport const a = "A";\nexport function readB() { return b + aLater(); }\n`,
  "src/cycle-b.ts": `import { log } from "./log";\nimport { a } from "./cycle-a";\nlet seen: string;\ntry { seen = a; } catch (error) { seen = (error as Error).name; }\nlog.push("b");\nexport const seenA = seen;\nexport let b = "B";\nexport function aLater() { return a; }\n`,
  "src/counter.ts": `export let count = 0;\nexport function increment() { count++; }\n`,
  "src/star.ts": `export * from "./counter";\nexport * from "./star-other";\nexport const own = "own";\n`,
  "src/star-other.ts": `export const other = 2;\nexport const own = "shadowed";\n`,
  "src/lazy.ts": `import { log } from "./log";\nlog.push("lazy");\nexport const value = "lazy";\n`,
  "src/boom.ts": `export const x = 1;\n\nthrow new Error("boom at line 3");\n`,
  "src/hot.ts": `export const hasHot = typeof import.meta.hot;\n`,
  "src/leaf.ts": `export const leaf = "v1";\n`,
  "src/thrower.ts": `import { leaf } from "./leaf";\n\nexport const checked = check();\nfunction check() {\n  if (leaf === "boom") throw new Error("the leaf is boom");\n  return "ok";\n}\n`,
};

let server: DevServer;

beforeAll(async () => {
  server = await startDevServer("big-graph", { files });
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const answer = async () => (await (await server.fetch("/")).json()) as Record<string, unknown>;
const untilLeaf = (value: string) => until(async () => (await (await server.fetch("/leaf")).text()) === value, 30_000);

test("a generation linked from the batch answers as the first one (Vite's runner) did: cycles, live bindings, export *, TLA order, dynamic import, errors", async () => {
  const first = await answer();
  server.write("src/leaf.ts", `export const leaf = "v2";\n`);
  await untilLeaf("v2");
  const second = await answer();
  expect(second).toEqual({ ...first, leaf: "v2" });
  expect(JSON.stringify(second, null, 2).replaceAll(server.root, "<root>")).toMatchInlineSnapshot(`
    "{
      "requests": 1,
      "log": [
        "tla start",
        "tla end",
        "plain",
        "b",
        "a: b=B, b saw a as undefined",
        "lazy"
      ],
      "a": "A",
      "b": "BA",
      "before": 0,
      "after": 1,
      "star": [
        "own",
        "count",
        "increment",
        "other"
      ],
      "lazy": "lazy",
      "hasHot": "object",
      "boom": "Error: boom at line 3\\n    at <root>/src/boom.ts:3:7",
      "checked": "ok",
      "leaf": "v2"
    }"
  `);
});

test("an unchanged module that throws in its body (linked from the batch) fails the generation with its source line", async () => {
  server.write("src/leaf.ts", `export const leaf = "boom";\n`);
  const failed = await until(async () => {
    const response = await server.fetch("/");
    return response.status === 500 ? response.text() : undefined;
  }, 30_000);
  expect(failed).toContain("the leaf is boom");
  expect(failed.replaceAll(server.root, "<root>")).toContain("<root>/src/thrower.ts:5:");
  server.write("src/leaf.ts", `export const leaf = "v3";\n`);
  await untilLeaf("v3");
  expect((await answer()).checked).toBe("ok");
});
