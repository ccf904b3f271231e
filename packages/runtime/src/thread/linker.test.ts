/**
 * The linker against Vite's own runner: one app run by a plain ModuleRunner (generation 1, every
 * module fetched from a real Vite dev server), then by a generation's runner from the batch of
 * those answers (generation 2, linked by linker.ts). Both must see the same module semantics.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createServer, type ViteDevServer } from "vite";
import * as vite from "vite/module-runner";
import { fetchKey, fetchModuleCall } from "../protocol/module-batch.js";
import type { GenerationConfig } from "../protocol/messages.js";
import { answerFromBatch, receiveModuleBatch } from "./module-batch.js";
import { createRunner } from "./runner.js";
import { installChunkStackTraces } from "./chunk-stack.js";

const files: Record<string, string> = {
  "entry.ts": `
import { log } from "./log.ts";
import "./tla.ts";
import "./plain.ts";
import { a, readB } from "./cycle-a.ts";
import { count, increment } from "./counter.ts";
import * as star from "./star.ts";
import { hasHot } from "./hot.ts";
export const evaluations = ((globalThis as any).evaluations = ((globalThis as any).evaluations ?? 0) + 1);
export async function run() {
  const before = count;
  increment();
  const lazy = await import("./lazy.ts");
  const again = await import("./lazy" + ".ts");
  let boom = "";
  try {
    await import("./boom.ts");
  } catch (error) {
    boom = (error as Error).stack!.split("\\n").slice(0, 2).join("\\n");
  }
  let boomAgain = "";
  await import("./boom.ts").catch((error: Error) => (boomAgain = error.message));
  return {
    log, a, b: readB(), before, after: count, star: Object.keys(star), starCount: star.count, starOwn: star.own,
    lazy: lazy.value, sameLazy: lazy === again, hasHot, boom, boomAgain,
    toStringTag: Object.prototype.toString.call(star),
  };
}
`,
  "log.ts": `export const log: string[] = [];\n`,
  "tla.ts": `import { log } from "./log.ts";\nlog.push("tla start");\nawait new Promise((resolve) => setTimeout(resolve, 5));\nlog.push("tla end");\n`,
  "plain.ts": `import { log } from "./log.ts";\nlog.push("plain");\n`,
  "cycle-a.ts": `import { log } from "./log.ts";\nimport { b, seenA, aLater } from "./cycle-b.ts";\nlog.push("a: b=" + b + ", b saw a as " + seenA);\nexport const a = "A";\nexport function readB() { return b + aLater(); }\n`,
  "cycle-b.ts": `import { log } from "./log.ts";\nimport { a } from "./cycle-a.ts";\nlet seen: string;\ntry { seen = a; } catch (error) { seen = (error as Error).name; }\nlog.push("b");\nexport const seenA = seen;\nexport let b = "B";\nexport function aLater() { return a; }\n`,
  "counter.ts": `export let count = 0;\nexport function increment() { count++; }\n`,
  "star.ts": `export * from "./counter.ts";\nexport * from "./star-other.ts";\nexport const own = "own";\n`,
  "star-other.ts": `export const other = 2;\nexport const own = "shadowed";\nexport default "not re-exported";\n`,
  "lazy.ts": `import { log } from "./log.ts";\nlog.push("lazy");\nexport const value = "lazy";\n`,
  "boom.ts": `export const x = 1;\n\nthrow new Error("boom at line 3");\n`,
  "hot.ts": `export const hasHot = typeof import.meta.hot;\n`,
};

let root: string;
let server: ViteDevServer;
const config = { compatibilityDate: "2026-11-01", compatibilityFlags: [], environment: "ssr" } as unknown as GenerationConfig;

beforeAll(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "kindling-linker-")));
  for (const [name, code] of Object.entries(files)) fs.writeFileSync(path.join(root, name), code);
  server = await createServer({
    root,
    configFile: false,
    logLevel: "silent",
    appType: "custom",
    server: { middlewareMode: true, hmr: false, watch: null, ws: false },
  });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

function invoke(payload: unknown): Promise<{ result: unknown }> {
  return server.environments.ssr.hot.handleInvoke(payload as never) as Promise<{ result: unknown }>;
}

test("modules linked from the batch behave as under Vite's runner: cycles, live bindings, export *, TLA order, dynamic import, errors with their line", async () => {
  // Generation 1: Vite's runner and evaluator, every module fetched; the answers make the batch.
  const modules: Array<[string, unknown]> = [];
  const first = new vite.ModuleRunner(
    {
      transport: {
        invoke: async (payload) => {
          const answer = await invoke(payload);
          const call = fetchModuleCall(payload);
          if (call && !call.cached) modules.push([fetchKey(call.url, call.importer), answer.result]);
          return answer;
        },
        connect: () => {},
      },
      hmr: { logger: false },
      sourcemapInterceptor: "prepareStackTrace",
    },
    new vite.ESModulesEvaluator(),
  );
  const viteResult = await ((await first.import("/entry.ts")) as { run(): Promise<object> }).run();
  await first.close();

  // Generation 2: our runner, from the batch; what still reaches the transport is what the linker left to the runner.
  receiveModuleBatch({ ssr: { modules } });
  const asked: string[] = [];
  const second = createRunner(vite, config, "ssr", {
    invoke: (payload) => {
      const call = fetchModuleCall(payload);
      if (call) asked.push(call.url);
      return Promise.resolve(answerFromBatch("ssr", payload) ?? invoke(payload));
    },
    connect: () => {},
  });
  installChunkStackTraces();
  const entry = (await second.import("/entry.ts")) as { run(): Promise<object>; evaluations: number };
  const linkedResult = await entry.run();
  await second.close();

  expect(entry.evaluations).toBe(2); // evaluated fresh, not reused
  expect(asked).toEqual(["/entry.ts", "/hot.ts"]); // the entry, and a module using import.meta.hot: the runner's
  expect(linkedResult).toEqual(viteResult);
  expect(JSON.stringify(linkedResult, null, 2).replaceAll(root, "<root>")).toMatchInlineSnapshot(`
    "{
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
      "starCount": 1,
      "starOwn": "own",
      "lazy": "lazy",
      "sameLazy": true,
      "hasHot": "object",
      "boom": "Error: boom at line 3\\n    at <root>/boom.ts:3:7",
      "boomAgain": "boom at line 3",
      "toStringTag": "[object Module]"
    }"
  `);
});
