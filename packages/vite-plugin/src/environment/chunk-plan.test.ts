import { expect, test } from "vitest";
import { ChunkPlan } from "./chunk-plan.js";

const code = (id: string, version = 1) => `export default ${version};\n//# sourceURL=${id}\n//# sourceMappingURL=data:,`;
const graph = (count: number) => new Map(Array.from({ length: count }, (_, i) => [`/src/m${i}.ts`, code(`/src/m${i}.ts`)]));

test("modules are planned in chunks of at most 500; a module without Vite's sourceURL is left out", () => {
  const modules = graph(1_200);
  modules.set("/src/plain.ts", "export default 1;");
  const chunks = new ChunkPlan().plan(modules);
  expect(chunks.map((chunk) => chunk.modules.length)).toEqual([500, 500, 200]);
  expect(chunks.flatMap((chunk) => chunk.modules)).not.toContain("/src/plain.ts");
  expect(chunks.some((chunk) => chunk.stale || chunk.cache)).toBe(false);
});

test("a changed module keeps its old code in its chunk (same text, same cache) and goes into a chunk of its own", () => {
  const plan = new ChunkPlan();
  const modules = graph(600);
  const [first, second] = plan.plan(modules);
  const cache = new Uint8Array([1, 2, 3]);
  plan.storeCache(first!.id, cache);

  const oldCode = modules.get("/src/m7.ts")!;
  modules.set("/src/m7.ts", code("/src/m7.ts", 2));
  const next = plan.plan(modules);
  expect(next.map((chunk) => chunk.id)).toEqual([first!.id, second!.id, expect.any(String)]);
  expect(next[0]).toEqual({ id: first!.id, modules: first!.modules, stale: [[7, oldCode]], cache });
  expect(next[2]!.modules).toEqual(["/src/m7.ts"]);
  expect(next[2]!.id).not.toBe(first!.id);

  // The same module changed again: only its own small chunk is planned anew.
  modules.set("/src/m7.ts", code("/src/m7.ts", 3));
  const third = plan.plan(modules);
  expect(third.slice(0, 2)).toEqual(next.slice(0, 2));
  expect(third[2]!.modules).toEqual(["/src/m7.ts"]);
  expect(third[2]!.id).not.toBe(next[2]!.id);
});

test("a chunk with more than a quarter of its modules changed or gone is planned again", () => {
  const plan = new ChunkPlan();
  const modules = graph(100);
  const [first] = plan.plan(modules);
  for (let i = 0; i < 30; i++) modules.delete(`/src/m${i}.ts`);
  const [next, ...more] = plan.plan(modules);
  expect(more).toEqual([]);
  expect(next!.id).not.toBe(first!.id);
  expect(next!.modules).toHaveLength(70);
  expect(next!.stale).toBeUndefined();
});

test("a cache for a chunk no longer planned is dropped", () => {
  const plan = new ChunkPlan();
  const modules = graph(10);
  const [first] = plan.plan(modules);
  plan.clear();
  plan.storeCache(first!.id, new Uint8Array([1]));
  expect(plan.plan(modules)[0]!.cache).toBeUndefined();
});
