import { expect, test } from "vitest";
import { deserializeWithStreams, serializeWithStreams } from "./stream-serializer.js";

const text = async (stream: unknown) => new Response(stream as ReadableStream).text();

test("streams anywhere in the value leave the bytes and come back in their places, on every Node version", async () => {
  const body = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode("body")), c.close()) });
  const other = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode("other")), c.close()) });
  const shared = { kind: "shared" };
  const value: Record<string, unknown> = {
    args: [body, { nested: other }],
    map: new Map([["s", body]]),
    a: shared,
    b: shared,
    at: new Date(0),
  };
  value.self = value;
  const { bytes, streams } = serializeWithStreams(value);
  expect(streams).toEqual([body, other]);
  const asked: number[] = [];
  const back = deserializeWithStreams(bytes, (index) => (asked.push(index), streams[index]!)) as typeof value;
  expect(asked).toEqual([0, 1]); // each stream claimed once, wherever it repeats
  expect((back.map as Map<string, unknown>).get("s")).toBe((back.args as unknown[])[0]);
  expect(back.a).toBe(back.b);
  expect(back.self).toBe(back);
  expect(back.at).toEqual(new Date(0));
  expect(await text((back.args as unknown[])[0])).toBe("body");
  expect(await text(((back.args as unknown[])[1] as { nested: unknown }).nested)).toBe("other");
});

test("a locked stream is refused with a message that says so", () => {
  const stream = new ReadableStream();
  stream.getReader();
  expect(() => serializeWithStreams({ stream })).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The ReadableStream is locked and cannot be sent over RPC.]`,
  );
});
