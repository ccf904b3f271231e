import { expect, test } from "vitest";
import type { ModuleBatch } from "@kindling/runtime/protocol";
import { batchDelta } from "./batch-delta.js";

const a = { id: "/src/a.ts", code: "a" };
const b = { id: "/src/b.ts", code: "b" };
const cache = new Uint8Array([1, 2, 3]);

test("only answers that are not the prefetched objects are sent, with the keys the prefetch had and the batch has not", () => {
  const prefetched: ModuleBatch = {
    ssr: {
      modules: [
        ["/src/a.ts", a],
        ["/src/b.ts", b],
        ["/src/old.ts", { id: "/src/old.ts", code: "old" }],
      ],
      chunks: [{ id: "1", modules: ["/src/a.ts", "/src/b.ts"], cache }],
    },
  };
  const editedB = { id: "/src/b.ts", code: "b2" };
  const batch: ModuleBatch = {
    ssr: {
      modules: [
        ["/src/a.ts", a],
        ["/src/b.ts", editedB],
        ["/src/new.ts", { externalize: "node:fs" }],
      ],
      chunks: [
        { id: "1", modules: ["/src/a.ts", "/src/b.ts"], stale: [[1, "b"]], cache },
        { id: "2", modules: ["/src/b.ts"], cache },
      ],
    },
  };
  expect(batchDelta(batch, prefetched)).toEqual({
    ssr: {
      modules: [
        ["/src/b.ts", editedB],
        ["/src/new.ts", { externalize: "node:fs" }],
      ],
      // The prefetch compiled chunk 1 already: no cache to send for it.
      chunks: [
        { id: "1", modules: ["/src/a.ts", "/src/b.ts"], stale: [[1, "b"]] },
        { id: "2", modules: ["/src/b.ts"], cache },
      ],
      delta: { removed: ["/src/old.ts"] },
    },
  });
});

test("an environment the prefetch did not have goes whole", () => {
  const batch: ModuleBatch = { client: { modules: [["/src/a.ts", a]] } };
  expect(batchDelta(batch, { ssr: { modules: [] } })).toEqual(batch);
});
