import { expect, test } from "vitest";
import {
  workerdAtob,
  workerdBlob,
  workerdBtoa,
  workerdCompressionStream,
  workerdEvent,
  workerdQueueMicrotask,
  workerdTextDecoder,
  workerdUrl,
} from "./web-wording.js";

/** What a probe reports of a thrown value: class, name, message, and Node's code if it kept one. */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    const { name, message, code } = error as { name: string; message: string; code?: unknown };
    return `${(error as object).constructor.name} ${name}: ${message}${code === undefined || typeof code === "number" ? "" : ` (${String(code)})`}`;
  }
  return "did not throw";
}

test("atob and btoa refuse bad input with workerd's wording", () => {
  const atob = workerdAtob(globalThis.atob);
  const btoa = workerdBtoa(globalThis.btoa);
  expect(thrown(() => atob("!!!"))).toMatchInlineSnapshot(
    `"DOMException InvalidCharacterError: atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)"`,
  );
  expect(thrown(() => atob("a"))).toBe(thrown(() => atob("!!!")));
  expect(thrown(() => (atob as () => string)())).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to execute 'atob' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'string'."`,
  );
  expect(thrown(() => btoa("\u20ac"))).toMatchInlineSnapshot(
    `"DOMException InvalidCharacterError: btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range."`,
  );
  expect(thrown(() => (btoa as () => string)())).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to execute 'btoa' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'String'."`,
  );
  expect([atob("abc"), btoa("hi"), atob.name, atob.length, btoa.name, btoa.length]).toEqual(["i·", "aGk=", "atob", 1, "btoa", 1]);
});

test("queueMicrotask refuses a non-function with workerd's wording and runs a function", async () => {
  const queueMicrotask = workerdQueueMicrotask(globalThis.queueMicrotask);
  expect(thrown(() => queueMicrotask("x" as never))).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to execute 'queueMicrotask' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'."`,
  );
  await new Promise<void>((resolve) => queueMicrotask(resolve));
});

test("URL, TextDecoder, CompressionStream, Event and Blob throw workerd's errors", () => {
  const WorkerUrl = workerdUrl(URL);
  const WorkerTextDecoder = workerdTextDecoder(TextDecoder);
  const WorkerCompressionStream = workerdCompressionStream(CompressionStream);
  const WorkerEvent = workerdEvent(Event);
  const WorkerBlob = workerdBlob(Blob);
  expect(thrown(() => new WorkerUrl("bad"))).toMatchInlineSnapshot(`"TypeError TypeError: Invalid URL string."`);
  expect(thrown(() => new WorkerUrl("/path", "bad base"))).toMatchInlineSnapshot(`"TypeError TypeError: Invalid URL string."`);
  expect(thrown(() => new WorkerTextDecoder("bogus"))).toMatchInlineSnapshot(
    `"RangeError RangeError: "bogus" is not a valid encoding."`,
  );
  expect(thrown(() => new WorkerTextDecoder("utf-8", { fatal: true }).decode(new Uint8Array([0xff])))).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to decode input."`,
  );
  expect(thrown(() => new WorkerCompressionStream("bogus" as never))).toMatchInlineSnapshot(
    `"TypeError TypeError: The compression format must be either 'deflate', 'deflate-raw' or 'gzip'."`,
  );
  expect(thrown(() => new (WorkerEvent as unknown as new () => Event)())).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to construct 'Event': constructor parameter 1 is not of type 'string'."`,
  );
  expect(thrown(() => new WorkerBlob("x" as never))).toMatchInlineSnapshot(
    `"TypeError TypeError: Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'."`,
  );
});

test("a translated class is still the class: instanceof, name, length, statics, subclasses", () => {
  const WorkerUrl = workerdUrl(URL);
  class MyUrl extends WorkerUrl {
    get first(): string {
      return this.pathname.split("/")[1]!;
    }
  }
  const mine = new MyUrl("http://x/a/b");
  expect([mine.first, mine instanceof MyUrl, mine instanceof WorkerUrl, mine instanceof URL]).toEqual(["a", true, true, true]);
  expect(new WorkerUrl("http://x/") instanceof WorkerUrl).toBe(true);
  expect(Object.getPrototypeOf(new WorkerUrl("http://x/"))).toBe(WorkerUrl.prototype);
  expect([WorkerUrl.name, WorkerUrl.length, WorkerUrl.canParse("http://x/"), WorkerUrl.canParse("bad")]).toEqual([
    "URL",
    1,
    true,
    false,
  ]);
  expect(thrown(() => new MyUrl("bad"))).toMatchInlineSnapshot(`"TypeError TypeError: Invalid URL string."`);
  expect(new (workerdTextDecoder(TextDecoder))().decode(new Uint8Array([104, 105]))).toBe("hi");
});
