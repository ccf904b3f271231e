import { MessageChannel } from "node:worker_threads";
import { expect, test } from "vitest";
import type { RpcAddress } from "./messages.js";
import { decode, encode, encodeFailure, type RpcExporter } from "./rpc-codec.js";

/** Sends a value through a real MessagePort, as between two generations. */
function postAndReceive<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once("message", (data: T) => {
      port1.close();
      port2.close();
      resolve(data);
    });
    port1.postMessage(value);
  });
}

class Target {
  hello() {
    return "hi";
  }
}

function exporter(): RpcExporter & { exported: object[] } {
  const exported: object[] = [];
  return {
    exported,
    addressOf: () => undefined,
    isRpcTarget: (value) => value instanceof Target,
    export: (value) => {
      exported.push(value);
      return { kind: "export", worker: "app", generation: 1, export: exported.length };
    },
  };
}

async function roundTrip(value: unknown) {
  const imported: { address: RpcAddress; fn: boolean }[] = [];
  const decoded = decode(await postAndReceive(encode(value, exporter())), (address, fn) => {
    imported.push({ address, fn });
    return { stub: address };
  });
  return { decoded, imported };
}

test("errors come back as their class with message, stack, custom properties and cause", async () => {
  const cause = new RangeError("inner");
  const error = Object.assign(new TypeError("outer", { cause }), { code: "E_X", detail: { n: 1 } });
  const { decoded } = await roundTrip(error);
  expect(decoded).toBeInstanceOf(TypeError);
  expect(decoded).toMatchObject({ message: "outer", code: "E_X", detail: { n: 1 } });
  expect((decoded as Error).stack).toBe(error.stack);
  expect((decoded as Error).cause).toBeInstanceOf(RangeError);
  expect(((decoded as Error).cause as Error).message).toBe("inner");
});

test("DOMExceptions and custom error names survive", async () => {
  const { decoded: abort } = await roundTrip(new DOMException("stopped", "AbortError"));
  expect(abort).toBeInstanceOf(DOMException);
  expect((abort as DOMException).name).toBe("AbortError");
  class MyError extends Error {
    override name = "MyError";
  }
  const { decoded: mine } = await roundTrip(new MyError("custom"));
  expect(mine).toBeInstanceOf(Error);
  expect((mine as Error).name).toBe("MyError");
});

test("an error whose cause is itself decodes without recursing forever", async () => {
  const error = new Error("loop");
  (error as { cause?: unknown }).cause = error;
  const { decoded } = await roundTrip(error);
  expect((decoded as Error).cause).toBe(decoded);
});

test("functions and RpcTargets become stubs; plain data, Map, Set, Date and bytes are cloned", async () => {
  const { decoded, imported } = await roundTrip({
    fn: () => 1,
    target: new Target(),
    map: new Map([["k", new Set([1])]]),
    date: new Date(5),
    bytes: new Uint8Array([1, 2]),
  });
  expect(imported.map((i) => i.fn)).toEqual([true, false]);
  expect(decoded).toMatchObject({
    fn: { stub: { kind: "export", worker: "app", generation: 1, export: 1 } },
    target: { stub: { kind: "export", worker: "app", generation: 1, export: 2 } },
    map: new Map([["k", new Set([1])]]),
    date: new Date(5),
    bytes: new Uint8Array([1, 2]),
  });
});

test("values RPC cannot carry fail with workerd's DataCloneError", () => {
  class Point {
    x = 1;
  }
  expect(() => encode(new Point(), exporter())).toThrowErrorMatchingInlineSnapshot(
    `[DataCloneError: Could not serialize object of type "Point". This type does not support serialization.]`,
  );
  expect(() => encode(Symbol("s"), exporter())).toThrowErrorMatchingInlineSnapshot(
    `[DataCloneError: Could not serialize object of type "symbol". This type does not support serialization.]`,
  );
});

test("a failure outside any exporter keeps the error, with functions it cannot export dropped", async () => {
  const error = Object.assign(new Error("boom"), { callback: () => {} });
  const decoded = decode(await postAndReceive(encodeFailure(error)), () => undefined) as Error & { callback?: unknown };
  expect(decoded.message).toBe("boom");
  expect(decoded.callback).toBeUndefined();
});

/** Sends a value through a real MessagePort, moving what `transfer` lists. */
function postWithTransfer<T>(value: T, transfer: Transferable[]): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once("message", (data: T) => {
      port1.close();
      port2.close();
      resolve(data);
    });
    port1.postMessage(value, transfer as never);
  });
}

function streamOf(...parts: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

test("a ReadableStream moves through the transfer list; Request, Response and Headers are rebuilt", async () => {
  const out = exporter();
  out.transfer = [];
  const encoded = encode(
    {
      stream: streamOf("a", "b"),
      request: new Request("https://x.example/p", { method: "PUT", headers: { "x-h": "1" }, body: "req body" }),
      response: new Response("res body", { status: 202, statusText: "Later", headers: { "x-r": "2" } }),
      headers: new Headers([
        ["set-cookie", "a=1"],
        ["set-cookie", "b=2"],
      ]),
    },
    out,
  );
  expect(out.transfer).toHaveLength(3);
  const decoded = decode(await postWithTransfer(encoded, out.transfer), () => undefined) as {
    stream: ReadableStream;
    request: Request;
    response: Response;
    headers: Headers;
  };
  expect(await new Response(decoded.stream).text()).toBe("ab");
  expect(decoded.request).toBeInstanceOf(Request);
  expect([decoded.request.method, decoded.request.url, decoded.request.headers.get("x-h")]).toEqual([
    "PUT",
    "https://x.example/p",
    "1",
  ]);
  expect(await decoded.request.text()).toBe("req body");
  expect([decoded.response.status, decoded.response.statusText, decoded.response.headers.get("x-r")]).toEqual([
    202,
    "Later",
    "2",
  ]);
  expect(await decoded.response.text()).toBe("res body");
  expect(decoded.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
});

test("streams cannot be carried where nothing moves them, and a used body is refused", () => {
  expect(() => encode(streamOf("x"), exporter())).toThrowErrorMatchingInlineSnapshot(
    `[DataCloneError: Could not serialize object of type "ReadableStream". This type does not support serialization.]`,
  );
  const used = new Response("x");
  void used.text();
  const out = Object.assign(exporter(), { transfer: [] });
  expect(() => encode(used, out)).toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Body has already been used. It can only be used once. Use tee() first if you need to read it twice.]`,
  );
});

test("a WritableStream stays with its owner: the receiver's writes and close call back to it, in order", async () => {
  let written = "";
  let closed = false;
  const original = new WritableStream<Uint8Array>({
    write: (chunk) => void (written += new TextDecoder().decode(chunk)),
    close: () => void (closed = true),
  });
  const out = Object.assign(exporter(), { transfer: [] });
  const encoded = encode(original, out);
  // The receiver's stubs call the exported functions (here in place, as a local call would).
  const byAddress = (address: RpcAddress) => out.exported[(address as { export: number }).export - 1];
  const writable = decode(structuredClone(encoded), (address) => byAddress(address)) as WritableStream<Uint8Array>;
  const writer = writable.getWriter();
  await writer.write(new TextEncoder().encode("one "));
  await writer.write(new TextEncoder().encode("two"));
  await writer.close();
  expect({ written, closed }).toEqual({ written: "one two", closed: true });
});
