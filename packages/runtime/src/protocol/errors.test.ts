import { MessageChannel } from "node:worker_threads";
import { expect, test } from "vitest";
import { fromSerializedError, toCloneableData, toSerializedError } from "./errors.js";

/** Sends a value through a real MessagePort, as between the host and a generation. */
function postAndReceive<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port2.once("message", (data: T) => {
      port1.close();
      resolve(data);
    });
    port1.postMessage(value);
  });
}

test("Vite's error properties (id, loc, frame, plugin) survive the thread boundary", async () => {
  const error = Object.assign(new Error("Transform failed"), {
    id: "/app/src/a.ts",
    loc: { file: "/app/src/a.ts", line: 3, column: 7 },
    frame: "3 | x",
    plugin: "vite:oxc",
    runner: { close() {} },
  });
  const revived = fromSerializedError(await postAndReceive(toSerializedError(error))) as Error & Record<string, unknown>;
  expect(revived.message).toBe("Transform failed");
  expect(revived.id).toBe("/app/src/a.ts");
  expect(revived.loc).toEqual({ file: "/app/src/a.ts", line: 3, column: 7 });
  expect(revived.frame).toBe("3 | x");
  expect(revived.plugin).toBe("vite:oxc");
  expect(revived.runner).toEqual({});
});

test("nested errors keep their own properties, which postMessage alone would drop", async () => {
  const diagnostic = Object.assign(new Error("Unterminated string"), { loc: { line: 1, column: 21 } });
  const invokeError = { name: "Error", message: "Transform failed", errors: [diagnostic] };
  expect(((await postAndReceive(invokeError)).errors[0] as unknown as Record<string, unknown>).loc).toBeUndefined();
  const data = (await postAndReceive(toCloneableData(invokeError))) as typeof invokeError;
  expect(data.errors[0]).toMatchObject({ name: "Error", message: "Unterminated string", loc: { line: 1, column: 21 } });
});

test("a cause chain and non-error throws are kept", () => {
  const error = new TypeError("outer", { cause: new Error("inner") });
  const revived = fromSerializedError(toSerializedError(error));
  expect(revived.name).toBe("TypeError");
  expect((revived.cause as Error).message).toBe("inner");
  expect(toSerializedError("just a string")).toEqual({ name: "Error", message: "just a string" });
});

test("standard error classes and DOMExceptions come back as their class", () => {
  expect(fromSerializedError(toSerializedError(new TypeError("t")))).toBeInstanceOf(TypeError);
  const abort = fromSerializedError(toSerializedError(new DOMException("a", "AbortError")));
  expect(abort).toBeInstanceOf(DOMException);
  expect(abort.name).toBe("AbortError");
});
