import { expect, test } from "vitest";
import { answerFromBatch, batchModule, noteFetched, prefetchModuleBatch, receiveModuleBatch } from "./module-batch.js";

const fetchCall = (url: string, cached = false) => ({
  type: "custom",
  event: "vite:invoke",
  data: { id: "send", name: "fetchModule", data: [url, undefined, { cached }] },
});
const answer = (id: string, code: string) => ({ id, url: id, file: null, code: `${code}\n//# sourceURL=${id}` });

test("a start's delta batch amends the prefetched one: changed answers replace, removed keys go, the rest stays", () => {
  prefetchModuleBatch({
    ssr: {
      modules: [
        ["/src/a.ts", answer("/src/a.ts", "const a = 1;")],
        ["/src/b.ts", answer("/src/b.ts", "const b = 1;")],
        ["/src/gone.ts", answer("/src/gone.ts", "const gone = 1;")],
      ],
    },
  });
  receiveModuleBatch({
    ssr: { modules: [["/src/b.ts", answer("/src/b.ts", "const b = 2;")]], delta: { removed: ["/src/gone.ts"] } },
  });
  expect(batchModule("ssr", "/src/a.ts")?.code).toContain("const a = 1;");
  expect(batchModule("ssr", "/src/b.ts")?.code).toContain("const b = 2;");
  expect(batchModule("ssr", "/src/gone.ts")).toBeUndefined();
});

test("a delta for an environment the thread was never sent a prefetch of is the host's bug, said as such", () => {
  expect(() => receiveModuleBatch({ client: { modules: [], delta: { removed: [] } } })).toThrowErrorMatchingInlineSnapshot(
    `[Error: [kindling] internal: a start's batch for "client" amends a prefetch this thread was not sent.]`,
  );
});

test("a module the host sent this thread answers the runner's later `cached` requests here; one it did not send goes to the host", () => {
  receiveModuleBatch({ worker: { modules: [] } });
  expect(answerFromBatch("worker", fetchCall("/src/fetched.ts", true))).toBeUndefined();
  noteFetched("worker", fetchCall("/src/fetched.ts"), { result: answer("/src/fetched.ts", "const f = 1;") });
  expect(answerFromBatch("worker", fetchCall("/src/fetched.ts", true))).toEqual({ result: { cache: true } });
  // A failed fetch (no module in the answer) is not remembered.
  noteFetched("worker", fetchCall("/src/missing.ts"), { result: undefined });
  expect(answerFromBatch("worker", fetchCall("/src/missing.ts", true))).toBeUndefined();
});
