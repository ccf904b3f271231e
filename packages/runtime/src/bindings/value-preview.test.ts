import { expect, test } from "vitest";
import { previewValue } from "./value-preview.js";

const bytes = (text: string) => new TextEncoder().encode(text);

test("JSON is pretty-printed, other UTF-8 is text, and the rest is shown in hex", () => {
  expect(previewValue(bytes('{"a":[1,2]}'))).toEqual({
    size: 11,
    type: "json",
    text: '{\n  "a": [\n    1,\n    2\n  ]\n}',
    truncated: false,
  });
  expect(previewValue(bytes("héllo\nworld"))).toEqual({ size: 12, type: "text", text: "héllo\nworld", truncated: false });
  expect(previewValue(new Uint8Array([0xde, 0xad, 0x00]))).toEqual({
    size: 3,
    type: "binary",
    hex: "de ad 00",
    truncated: false,
  });
  expect(previewValue(bytes("a\u0000b"))).toMatchObject({ type: "binary" });
});

test("images are previewed by their signature; long text is cut at a character boundary", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(previewValue(png)).toMatchObject({ type: "image", mime: "image/png", base64: Buffer.from(png).toString("base64") });
  const long = previewValue(bytes(`${"x".repeat(64 * 1024 - 1)}é and more`));
  expect(long).toMatchObject({ type: "text", truncated: true });
  expect(long.text!.endsWith("x")).toBe(true);
});
