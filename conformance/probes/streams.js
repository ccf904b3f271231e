/** Streams, compression and workerd's own stream classes. */
import { className } from "../harness/describe.js";

export const area = "Web APIs";

const bytes = (text) => new TextEncoder().encode(text);

async function drain(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function probes() {
  return {
    "new FixedLengthStream(3) writes 3 bytes": async () => {
      const { readable, writable } = new FixedLengthStream(3);
      const writer = writable.getWriter();
      void writer.write(bytes("abc"));
      void writer.close();
      return new TextDecoder().decode(await drain(readable));
    },
    "FixedLengthStream with too many bytes": async () => {
      const { readable, writable } = new FixedLengthStream(2);
      const writer = writable.getWriter();
      const read = drain(readable);
      await writer.write(bytes("abc"));
      await writer.close();
      return (await read).length;
    },
    "new IdentityTransformStream()": async () => {
      const { readable, writable } = new IdentityTransformStream();
      const writer = writable.getWriter();
      void writer.write(bytes("id"));
      void writer.close();
      return new TextDecoder().decode(await drain(readable));
    },
    "IdentityTransformStream refuses strings": async () => {
      const { readable, writable } = new IdentityTransformStream();
      const read = readable.getReader().read();
      const written = writable.getWriter().write("text");
      return await Promise.race([written.then(() => "written"), read.then(() => "read")]);
    },
    "TransformStream of strings through Response": async () => {
      const { readable, writable } = new TransformStream();
      const writer = writable.getWriter();
      void writer.write("text");
      void writer.close();
      return await new Response(readable).text();
    },
    "ReadableStream of strings as a Response body": async () => {
      const stream = new ReadableStream({
        start(controller) {
          controller.enqueue("s");
          controller.close();
        },
      });
      return await new Response(stream).text();
    },
    "byte stream BYOB read": async () => {
      const stream = new ReadableStream({
        type: "bytes",
        start(controller) {
          controller.enqueue(bytes("xyz"));
          controller.close();
        },
      });
      const reader = stream.getReader({ mode: "byob" });
      const { value } = await reader.read(new Uint8Array(8));
      return Array.from(value);
    },
    readAtLeast: async () => {
      const stream = new ReadableStream({
        type: "bytes",
        start(controller) {
          controller.enqueue(bytes("a"));
          controller.enqueue(bytes("bc"));
          controller.close();
        },
      });
      const reader = stream.getReader({ mode: "byob" });
      if (typeof reader.readAtLeast !== "function") return "<no readAtLeast>";
      const { value } = await reader.readAtLeast(3, new Uint8Array(8));
      return Array.from(value);
    },
    "tee() branches": async () => {
      const [a, b] = new Blob(["tee"]).stream().tee();
      return [await new Response(a).text(), await new Response(b).text()];
    },
    "pipeTo with preventClose": async () => {
      const chunks = [];
      const writable = new WritableStream({ write: (chunk) => void chunks.push(chunk.length) });
      await new Blob(["abc"]).stream().pipeTo(writable, { preventClose: true });
      return chunks;
    },
    "ReadableStream.from(array)": async () =>
      typeof ReadableStream.from === "function" ? await new Response(ReadableStream.from(["a", "b"])).text() : "<none>",
    "async iteration of a stream": async () => {
      const out = [];
      for await (const chunk of new Blob(["it"]).stream()) out.push(chunk.length);
      return out;
    },
    "Blob.stream() chunk class": async () => {
      const reader = new Blob(["a"]).stream().getReader();
      const { value } = await reader.read();
      return className(value);
    },
    "Response.body chunk class": async () => {
      const reader = new Response("a").body.getReader();
      const { value } = await reader.read();
      return className(value);
    },
    "gzip round trip": async () => {
      const compressed = new Blob(["hello"]).stream().pipeThrough(new CompressionStream("gzip"));
      const text = await new Response(compressed.pipeThrough(new DecompressionStream("gzip"))).text();
      return text;
    },
    "deflate-raw round trip": async () => {
      const compressed = new Blob(["hello"]).stream().pipeThrough(new CompressionStream("deflate-raw"));
      return await new Response(compressed.pipeThrough(new DecompressionStream("deflate-raw"))).text();
    },
    "gzip header bytes": async () =>
      Array.from((await drain(new Blob(["x"]).stream().pipeThrough(new CompressionStream("gzip")))).slice(0, 4)),
    "new CompressionStream('br')": () => className(new CompressionStream("br")),
    TextDecoderStream: async () => await new Response(new Blob(["é"]).stream().pipeThrough(new TextDecoderStream())).text(),
    "highWaterMark default of a ReadableStream": () => {
      let size;
      const stream = new ReadableStream({
        start(controller) {
          size = controller.desiredSize;
        },
      });
      return stream.locked ? "<locked>" : size;
    },
    "writer.desiredSize of a TransformStream": () => new TransformStream().writable.getWriter().desiredSize,
    "cancel reason reaches the source": async () => {
      let reason;
      const stream = new ReadableStream({ cancel: (r) => void (reason = r) });
      await stream.cancel("why");
      return reason;
    },
  };
}
