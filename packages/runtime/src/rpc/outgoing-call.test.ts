import { expect, test } from "vitest";
import type { RpcOperation } from "../protocol/messages.js";
import { RpcEndpoint } from "./endpoint.js";
import { RpcTarget, isRpcTarget } from "./targets.js";

class Counter extends RpcTarget {
  #n = 0;
  increment(by = 1) {
    return (this.#n += by);
  }
  get value() {
    return this.#n;
  }
}

/** Two endpoints of two workers; every message from the client to the server is recorded (structured-cloned, as between threads). */
function connect(root: object) {
  const sent: RpcOperation[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const server = new RpcEndpoint({ worker: "server", generation: 1, call: () => never(), isRpcTarget });
  const client = new RpcEndpoint({
    worker: "client",
    generation: 1,
    isRpcTarget,
    call: async (address, operation) => {
      sent.push(structuredClone(operation));
      // The server answers only once the test opened the gate: whatever was sent by then left without waiting for an answer.
      await gate;
      return structuredClone(await server.receive(address, structuredClone(operation)));
    },
  });
  const { encoded } = server.encodeValue(root);
  const stub = client.decodeValue(encoded) as Record<string, (...args: unknown[]) => any>;
  return { stub, sent, release };
}

function never(): Promise<never> {
  throw new Error("the server calls nobody");
}

class Service extends RpcTarget {
  getCounter() {
    return new Counter();
  }
  getUser() {
    return { name: "ada", counter: new Counter() };
  }
  fail(): never {
    throw new RangeError("no counter");
  }
  makeCounters() {
    return { counter: () => new Counter() };
  }
}
const service = new Service();

test("a call on a result not yet back leaves in the same message as the call that makes it, before any answer", async () => {
  const { stub, sent, release } = connect(service);
  const incremented = stub.getCounter!().increment(5);
  const name = stub.getUser!().name;
  const deep = stub.getUser!().counter.increment(2);
  const pending = Promise.all([incremented, name, deep]);
  await new Promise((resolve) => setImmediate(resolve));
  // Three messages are out, and no answer has come back.
  expect(
    sent.map(({ op, ...rest }) => ({
      op,
      path: (rest as { path: string[] }).path,
      pipelined: (rest as { pipelined?: unknown }).pipelined,
    })),
  ).toMatchInlineSnapshot(`
      [
        {
          "op": "call",
          "path": [
            "getCounter",
          ],
          "pipelined": [
            {
              "args": [
                5,
              ],
              "on": 0,
              "op": "call",
              "path": [
                "increment",
              ],
            },
          ],
        },
        {
          "op": "call",
          "path": [
            "getUser",
          ],
          "pipelined": [
            {
              "args": [],
              "on": 0,
              "op": "get",
              "path": [
                "name",
              ],
            },
          ],
        },
        {
          "op": "call",
          "path": [
            "getUser",
          ],
          "pipelined": [
            {
              "args": [
                2,
              ],
              "on": 0,
              "op": "call",
              "path": [
                "counter",
                "increment",
              ],
            },
          ],
        },
      ]
    `);
  release();
  expect(await pending).toEqual([5, "ada", 2]);
});

test("calls chained on chained results, and several on one result, go in one message and run in order", async () => {
  const { stub, sent, release } = connect(service);
  const made = stub.makeCounters!().counter();
  const results = [made.increment(1), made.increment(2), made.value];
  release();
  expect(await Promise.all(results)).toEqual([1, 3, 3]);
  expect(sent).toHaveLength(1);
  expect((sent[0] as { pipelined: { on: number }[] }).pipelined.map((call) => call.on)).toEqual([0, 1, 1, 1]);
});

test("a failed call fails every call pipelined on it with its error; a call chained after the message left still works", async () => {
  const { stub, sent, release } = connect(service);
  release();
  await expect(stub.fail!().increment()).rejects.toThrowErrorMatchingInlineSnapshot(`[RangeError: no counter]`);
  await expect(stub.getUser!().nothing()).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: The RPC receiver does not implement the method "nothing".]`,
  );
  const counter = stub.getCounter!();
  await counter;
  expect(await counter.increment(7)).toBe(7);
  // The last call went on its own, to the counter the first answer exported.
  expect(sent.at(-1)).toMatchObject({ op: "call", path: ["increment"], args: [7] });
  expect(sent.at(-1)).not.toHaveProperty("pipelined");
});

test("calls leave in the order they were made", async () => {
  const { stub, sent, release } = connect(new Counter());
  release();
  void stub.increment!(1);
  const read = (stub as unknown as { value: Promise<number> }).value.then((value) => value);
  void stub.increment!(2);
  expect(await read).toBe(1);
  expect(sent.map((operation) => (operation as { path: string[] }).path[0])).toEqual(["increment", "value", "increment"]);
});
