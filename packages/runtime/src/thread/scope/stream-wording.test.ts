import { expect, test } from "vitest";
import { installAbortWording } from "./abort-wording.js";
import { workerdDecompressionStream, workerdReadableStream, workerdUrlPattern } from "./stream-wording.js";
import { rejected, thrown } from "./errors.test-support.js";

test("ReadableStream refuses a bad type and a second reader with workerd's wording", () => {
  const Stream = workerdReadableStream(ReadableStream);
  expect(thrown(() => new Stream({ type: "bogus" as never }))).toMatchInlineSnapshot(
    `"TypeError TypeError: "bogus" is not a valid type of ReadableStream."`,
  );
  const stream = new Stream();
  stream.getReader();
  expect(thrown(() => stream.getReader())).toMatchInlineSnapshot(
    `"TypeError TypeError: This ReadableStream is currently locked to a reader."`,
  );
  expect(new Stream() instanceof ReadableStream).toBe(true);
});

test("DecompressionStream fails on bad data with workerd's wording and decompresses good data", async () => {
  const Decompression = workerdDecompressionStream(DecompressionStream);
  const garbage = new Blob([new Uint8Array([1, 2, 3, 4, 5])]).stream().pipeThrough(new Decompression("gzip"));
  expect(await rejected(new Response(garbage).text())).toMatchInlineSnapshot(`"TypeError TypeError: Decompression failed."`);
  const gzipped = new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip"));
  expect(await new Response(gzipped.pipeThrough(new Decompression("gzip"))).text()).toBe("hello");
});

test("URLPattern refuses a bad pattern with workerd's wording", async () => {
  const NodeUrlPattern =
    (globalThis as { URLPattern?: new (input: object) => object }).URLPattern ?? (await import("urlpattern-polyfill")).URLPattern;
  const Pattern = workerdUrlPattern(NodeUrlPattern);
  expect(thrown(() => new Pattern({ pathname: "(" }))).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to construct URLPattern"`,
  );
});

test("an abort without a reason gives workerd's AbortError", () => {
  const classes = { AbortController: class extends AbortController {}, AbortSignal: class extends AbortSignal {} };
  installAbortWording(classes as never);
  const controller = new classes.AbortController();
  controller.abort();
  expect(thrown(() => controller.signal.throwIfAborted())).toMatchInlineSnapshot(
    `"DOMException AbortError: The operation was aborted"`,
  );
  expect(thrown(() => classes.AbortSignal.abort().throwIfAborted())).toBe(thrown(() => controller.signal.throwIfAborted()));
  const reason = new Error("mine");
  expect(classes.AbortSignal.abort(reason).reason).toBe(reason);
});
