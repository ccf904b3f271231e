import { MessageChannel, type MessagePort } from "node:worker_threads";
import { afterEach, expect, test } from "vitest";
import { createChannel, withTransfer, type Channel } from "./channel.js";

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

interface Server {
  [method: string]: (...args: never[]) => unknown;
  add(a: number, b: number): number;
  slow(ms: number): Promise<string>;
  fail(kind: string): never;
  bytes(size: number): ArrayBuffer;
  record(value: string): void;
}

function pair(server: Record<string, (...args: never[]) => unknown>): {
  client: Channel<Server>;
  closeServer: (e: Error) => void;
} {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const client = createChannel<Server>(port1, {});
  const serverSide = createChannel<Record<string, never>>(port2, server);
  return { client, closeServer: (error) => serverSide.close(error) };
}

test("calls resolve with results, concurrent calls with their own", async () => {
  const { client } = pair({
    add: (a: number, b: number) => a + b,
    slow: (ms: number) => new Promise((resolve) => setTimeout(() => resolve(`after ${ms}`), ms)),
  });
  const [slow, fast] = await Promise.all([client.call("slow", 30), client.call("slow", 1)]);
  expect([slow, fast]).toEqual(["after 30", "after 1"]);
  expect(await client.call("add", 2, 3)).toBe(5);
});

test("errors come back as their class, sync and async", async () => {
  const { client } = pair({
    fail: (kind: string) => {
      if (kind === "type") throw new TypeError("bad type");
      return Promise.reject(Object.assign(new Error("async"), { code: "E_ASYNC" }));
    },
  });
  await expect(client.call("fail", "type")).rejects.toThrow(TypeError);
  await expect(client.call("fail", "async")).rejects.toMatchObject({ message: "async", code: "E_ASYNC" });
  await expect(client.call("nope" as never)).rejects.toThrow('the channel has no handler for "nope"');
});

test("arguments and results move with their transfer lists", async () => {
  const received: ArrayBuffer[] = [];
  const { client } = pair({
    bytes: (size: number) => {
      const buffer = new ArrayBuffer(size);
      return withTransfer(buffer, [buffer]);
    },
    record: (value: ArrayBuffer) => void received.push(value),
  });
  const result = (await client.call("bytes", 8)) as ArrayBuffer;
  expect(result.byteLength).toBe(8);
  const sent = new ArrayBuffer(4);
  await client.callWith("record", [sent], sent as never);
  expect(sent.byteLength).toBe(0); // detached: it moved
  expect(received[0]!.byteLength).toBe(4);
});

test("events run without a reply; close fails pending calls and later ones", async () => {
  const seen: string[] = [];
  const { client } = pair({
    record: (value: string) => void seen.push(value),
    slow: () => new Promise(() => {}),
  });
  client.notify("record", "a");
  await expect.poll(() => seen).toEqual(["a"]);
  const stuck = client.call("slow", 0);
  client.close(new Error("the thread exited"));
  await expect(stuck).rejects.toThrow("the thread exited");
  await expect(client.call("add", 1, 2)).rejects.toThrow("the thread exited");
});

test("what one turn sends crosses as one message, in order; flush() sends at once", async () => {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const posted: unknown[] = [];
  const counting = {
    postMessage: (message: unknown, transfer?: readonly Transferable[]) => {
      posted.push(message);
      port1.postMessage(message, transfer as never);
    },
    on: port1.on.bind(port1),
    off: port1.off.bind(port1),
  };
  const seen: string[] = [];
  const client = createChannel<Server>(counting, {});
  createChannel(port2, { record: (value: string) => void seen.push(value), add: (a: number, b: number) => a + b });
  client.notify("record", "a");
  const sum = client.call("add", 1, 2);
  client.notify("record", "b");
  expect(posted).toHaveLength(0);
  expect(await sum).toBe(3);
  expect(seen).toEqual(["a", "b"]);
  expect(posted).toHaveLength(1);
  client.notify("record", "c");
  client.flush();
  expect(posted).toHaveLength(2);
  await expect.poll(() => seen).toEqual(["a", "b", "c"]);
});

test("a message that cannot be cloned fails alone: its call, or the call its result answers", async () => {
  const { client } = pair({
    add: (a: number, b: number) => a + b,
    record: () => () => "a function cannot cross",
  });
  const refused = client.call("record", (() => {}) as never);
  const fine = client.call("add", 2, 2);
  await expect(refused).rejects.toMatchObject({ name: "DataCloneError" });
  expect(await fine).toBe(4);
  await expect(client.call("record", "x" as never)).rejects.toMatchObject({ name: "DataCloneError" });
});
