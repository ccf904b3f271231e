import { describe, expect, test } from "vitest";
import { FixedLengthStream, IdentityTransformStream, installWorkerdStreams } from "./workerd-streams.js";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = async (readable: ReadableStream) => new Response(readable).text();

describe("IdentityTransformStream", () => {
  test("passes bytes through, encodes strings as UTF-8, and its readable side has a BYOB reader", async () => {
    const { readable, writable } = new IdentityTransformStream();
    const reader = readable.getReader({ mode: "byob" });
    const writer = writable.getWriter();
    const read = reader.read(new Uint8Array(8));
    void writer.write("text");
    const { value } = await read;
    expect(new TextDecoder().decode(value)).toBe("text");
    expect(Object.getPrototypeOf(IdentityTransformStream.prototype)).toBe(TransformStream.prototype);
  });

  test("a write settles only once the reader asks for more", async () => {
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    const reader = readable.getReader();
    const order: string[] = [];
    const written = writer.write(bytes("a")).then(() => order.push("written"));
    await reader.read().then(() => order.push("read"));
    void reader.read();
    await written;
    expect(order).toEqual(["read", "written"]);
  });

  test("refuses chunks that are not bytes with workerd's TypeError", async () => {
    const { writable } = new IdentityTransformStream();
    await expect(writable.getWriter().write(5)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: This TransformStream is being used as a byte stream, but received an object of non-ArrayBuffer/ArrayBufferView type on its writable side.]`,
    );
  });
});

describe("FixedLengthStream", () => {
  test("carries exactly its length", async () => {
    const { readable, writable } = new FixedLengthStream(3);
    const writer = writable.getWriter();
    void writer.write(bytes("abc"));
    void writer.close();
    expect(await text(readable)).toBe("abc");
    expect(Object.getPrototypeOf(FixedLengthStream.prototype)).toBe(IdentityTransformStream.prototype);
  });

  test("errors its readable side when too many bytes are written, and refuses close()", async () => {
    const { readable, writable } = new FixedLengthStream(2);
    const writer = writable.getWriter();
    const read = text(readable);
    await writer.write(bytes("abc"));
    await expect(read).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Attempt to write too many bytes through a FixedLengthStream.]`,
    );
    await expect(writer.close()).rejects.toThrow(TypeError);
  });

  test("errors its readable side when closed before all bytes were written", async () => {
    const { readable, writable } = new FixedLengthStream(5n);
    const writer = writable.getWriter();
    const read = text(readable);
    await writer.write(bytes("abc"));
    await writer.close();
    await expect(read).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: FixedLengthStream did not see all expected bytes before close().]`,
    );
  });

  test("refuses a missing or negative length with workerd's wording", () => {
    expect(() => new (FixedLengthStream as unknown as new () => object)()).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Failed to construct 'FixedLengthStream': constructor parameter 1 is not of type 'bigint'.]`,
    );
    expect(() => new FixedLengthStream(-1)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: The value cannot be converted because it is negative and this API expects a positive bigint.]`,
    );
  });
});

describe("ReadableStreamBYOBReader.readAtLeast", () => {
  installWorkerdStreams({});
  const source = (...chunks: string[]) =>
    new ReadableStream({
      type: "bytes",
      // One chunk per pull, so a read never sees more than one.
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) {
          controller.close();
          controller.byobRequest?.respond(0);
        } else controller.enqueue(bytes(chunk));
      },
    }).getReader({ mode: "byob" }) as ReadableStreamBYOBReader & {
      readAtLeast<T extends ArrayBufferView>(minBytes: number, view: T): Promise<ReadableStreamReadResult<T>>;
    };

  test("reads chunk after chunk until it has the minimum", async () => {
    const { value, done } = await source("a", "bc", "d").readAtLeast(3, new Uint8Array(8));
    expect([Array.from(value!), done]).toEqual([[97, 98, 99], false]);
  });

  test("returns fewer bytes at the end of the stream, then done", async () => {
    const reader = source("a");
    const first = await reader.readAtLeast(3, new Uint8Array(4));
    const second = await reader.readAtLeast(1, new Uint8Array(4));
    expect([Array.from(first.value!), first.done, second.value!.byteLength, second.done]).toEqual([[97], false, 0, true]);
  });

  test("answers a view of the type it was given", async () => {
    const { value } = await source("abcd").readAtLeast(3, new Uint16Array(4));
    expect([value!.constructor.name, value!.length]).toEqual(["Uint16Array", 2]);
  });

  test("refuses bad arguments with workerd's wording", async () => {
    const reader = source("a");
    await expect(reader.readAtLeast(0, new Uint8Array(4))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Requested invalid minimum number of bytes to read (0).]`,
    );
    await expect(reader.readAtLeast(8, new Uint8Array(4))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Minimum bytes to read (8) exceeds size of buffer (4).]`,
    );
    await expect(reader.readAtLeast(1, 5 as never)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Failed to execute 'readAtLeast' on 'ReadableStreamBYOBReader': parameter 2 is not of type 'ArrayBufferView'.]`,
    );
  });
});
