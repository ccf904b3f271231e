import v8 from "node:v8";
import { expect, test } from "vitest";
import { previewQueueBody } from "./explorer.js";

const bytes = (text: string) => new TextEncoder().encode(text);

test("a stored body shows by its content type: JSON pretty, text as sent, v8 inspected, bytes as bytes", () => {
  expect(previewQueueBody(bytes('{"a":[1,2]}'), "json")).toMatchObject({
    type: "json",
    text: '{\n  "a": [\n    1,\n    2\n  ]\n}',
  });
  // Text that parses as JSON is still the text that was sent.
  expect(previewQueueBody(bytes('{"a":1}'), "text")).toMatchObject({ type: "text", text: '{"a":1}' });
  const v8Body = new Uint8Array(v8.serialize({ when: new Date(0), tags: new Set(["x"]) }));
  expect(previewQueueBody(v8Body, "v8")).toMatchObject({
    type: "text",
    text: "{ when: 1970-01-01T00:00:00.000Z, tags: Set(1) { 'x' } }",
  });
  expect(previewQueueBody(new Uint8Array([0, 255, 1]), "bytes")).toMatchObject({ type: "binary", size: 3 });
  expect(previewQueueBody(new Uint8Array([1, 2, 3]), "v8").text).toMatch(/^<3 bytes that do not deserialize: /);
});
