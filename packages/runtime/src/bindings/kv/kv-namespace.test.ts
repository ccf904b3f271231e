import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ManualClock } from "../../storage/clock.js";
import { createKvNamespace, type KVNamespace } from "./index.js";

let dir: string;
let clock: ManualClock;
let kv: KVNamespace;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-kv-"));
  clock = new ManualClock();
  kv = createKvNamespace({ type: "kv", name: "KV", id: "ns" }, { persist: dir, clock });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const nowSeconds = () => Math.floor(clock.now() / 1000);
const reopen = () => createKvNamespace({ type: "kv", name: "KV", id: "ns" }, { persist: dir, clock });

describe("get and put", () => {
  test("put then get returns the value in each type, from a fresh instance too", async () => {
    await kv.put("k", '{"a":1}');
    const again = reopen();
    expect(await again.get("k")).toBe('{"a":1}');
    expect(await again.get("k", "json")).toEqual({ a: 1 });
    expect(await again.get("k", { type: "json" })).toEqual({ a: 1 });
    expect(new TextDecoder().decode((await again.get("k", "arrayBuffer")) as ArrayBuffer)).toBe('{"a":1}');
    expect(await new Response((await again.get("k", "stream")) as ReadableStream).text()).toBe('{"a":1}');
  });

  test("get returns null for a missing key", async () => {
    expect(await kv.get("missing")).toBeNull();
    expect(await kv.getWithMetadata("missing")).toEqual({ value: null, metadata: null, cacheStatus: null });
  });

  test("put accepts ArrayBuffer, views and streams; a large value lives in a blob file", async () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    await kv.put("buffer", big.buffer);
    await kv.put("view", new Uint16Array([1, 2]));
    await kv.put("stream", new Blob(["streamed"]).stream());
    expect(new Uint8Array((await kv.get("buffer", "arrayBuffer")) as ArrayBuffer)).toEqual(big);
    expect(new Uint8Array((await kv.get("view", "arrayBuffer")) as ArrayBuffer)).toEqual(new Uint8Array([1, 0, 2, 0]));
    expect(await kv.get("stream")).toBe("streamed");
    expect(fs.readdirSync(path.join(dir, "kv/ns.blobs"))).toHaveLength(1);
  });

  test("overwriting and deleting a large value removes its blob file", async () => {
    await kv.put("big", "x".repeat(50_000));
    await kv.put("big", "y".repeat(50_000));
    expect(fs.readdirSync(path.join(dir, "kv/ns.blobs"))).toHaveLength(1);
    expect(await kv.get("big")).toBe("y".repeat(50_000));
    await kv.delete("big");
    expect(fs.readdirSync(path.join(dir, "kv/ns.blobs"))).toHaveLength(0);
    expect(await kv.get("big")).toBeNull();
  });

  test("getWithMetadata returns the stored metadata", async () => {
    await kv.put("k", "v", { metadata: { owner: "me" } });
    expect(await kv.getWithMetadata("k")).toEqual({ value: "v", metadata: { owner: "me" }, cacheStatus: null });
  });

  test("a key like ../../etc/passwd is data, never a path", async () => {
    await kv.put("../../etc/passwd", "x".repeat(40_000));
    expect(await kv.get("../../etc/passwd")).toBe("x".repeat(40_000));
    const files = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(files.every((file) => !file.includes("passwd") && !file.startsWith(".."))).toBe(true);
  });
});

describe("expiry", () => {
  test("get returns null for an expired key, and list skips it", async () => {
    await kv.put("ttl", "v", { expirationTtl: 60 });
    await kv.put("abs", "v", { expiration: nowSeconds() + 120 });
    expect(await kv.get("ttl")).toBe("v");
    expect(((await kv.list()) as { keys: unknown[] }).keys).toEqual([
      { name: "abs", expiration: nowSeconds() + 120 },
      { name: "ttl", expiration: nowSeconds() + 60 },
    ]);
    clock.advance(60_000);
    expect(await kv.get("ttl")).toBeNull();
    expect(await kv.get("abs")).toBe("v");
    clock.advance(60_000);
    expect(await kv.get("abs")).toBeNull();
    expect(((await kv.list()) as { keys: unknown[] }).keys).toEqual([]);
  });
});

describe("bulk get", () => {
  test("returns a Map of text or json values, null for missing keys", async () => {
    await kv.put("a", '"A"', { metadata: 1 });
    await kv.put("b", "2");
    expect(await kv.get(["a", "b", "c"])).toEqual(
      new Map([
        ["a", '"A"'],
        ["b", "2"],
        ["c", null],
      ]),
    );
    expect(await kv.get(["a", "b"], "json")).toEqual(
      new Map<string, unknown>([
        ["a", "A"],
        ["b", 2],
      ]),
    );
    expect(await kv.getWithMetadata(["a", "c"], "json")).toEqual(
      new Map([
        ["a", { value: "A", metadata: 1 }],
        ["c", null],
      ]),
    );
  });

  test("rejects bad requests with Cloudflare's errors", async () => {
    await kv.put("text", "not json");
    const keys101 = Array.from({ length: 101 }, (_, i) => `k${i}`);
    await expect(kv.get(["a"], "arrayBuffer")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET_BULK failed: 400 "arrayBuffer" is not a valid type. Use "json" or "text"]`,
    );
    await expect(kv.get(keys101)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET_BULK failed: 400 You can request a maximum of 100 keys]`,
    );
    await expect(kv.get([])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET_BULK failed: 400 You must request a minimum of 1 key]`,
    );
    await expect(kv.get(["text"], "json")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET_BULK failed: 400 At least one of the requested keys corresponds to a non-json value]`,
    );
    await expect(kv.get([".."])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET_BULK failed: 400 Illegal key name "..". Please use a different name.]`,
    );
  });
});

describe("list", () => {
  test("lists keys in byte order with prefix, limit and cursor", async () => {
    for (const key of ["b", "a/2", "a/1", "a/10", "é", "z"]) await kv.put(key, "v", { metadata: { key } });
    const first = (await kv.list({ prefix: "a/", limit: 2 })) as { keys: { name: string }[]; cursor: string };
    expect(first).toMatchObject({ list_complete: false, cacheStatus: null });
    expect(first.keys).toEqual([
      { name: "a/1", metadata: { key: "a/1" } },
      { name: "a/10", metadata: { key: "a/10" } },
    ]);
    const second = await kv.list({ prefix: "a/", limit: 2, cursor: first.cursor });
    expect(second).toEqual({ list_complete: true, keys: [{ name: "a/2", metadata: { key: "a/2" } }], cacheStatus: null });
    const all = (await kv.list()) as { keys: { name: string }[] };
    expect(all.keys.map((key) => key.name)).toEqual(["a/1", "a/10", "a/2", "b", "z", "é"]);
  });
});

describe("limits", () => {
  test("rejects invalid keys with workerd's errors", async () => {
    await expect(kv.get("")).rejects.toThrowErrorMatchingInlineSnapshot(`[TypeError: Key name cannot be empty.]`);
    await expect(kv.put(".", "v")).rejects.toThrowErrorMatchingInlineSnapshot(`[TypeError: "." is not allowed as a key name.]`);
    await expect(kv.delete("..")).rejects.toThrowErrorMatchingInlineSnapshot(`[TypeError: ".." is not allowed as a key name.]`);
    await expect(kv.get("é".repeat(257))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET failed: 414 UTF-8 encoded length of 514 exceeds key length limit of 512.]`,
    );
    await expect(kv.put("k".repeat(513), "v")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 414 UTF-8 encoded length of 513 exceeds key length limit of 512.]`,
    );
    expect(await kv.get("k".repeat(512))).toBeNull();
  });

  test("rejects values over 25 MiB and metadata over 1024 bytes", async () => {
    await expect(kv.put("k", new Uint8Array(25 * 1024 * 1024 + 1))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 413 Value length of 26214401 exceeds limit of 26214400.]`,
    );
    await expect(kv.put("k", "v", { metadata: "x".repeat(1023) })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 413 Metadata length of 1025 exceeds limit of 1024.]`,
    );
    await expect(kv.put("k", { not: "bytes" })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.]`,
    );
    expect(await kv.get("k")).toBeNull();
  });

  test("rejects expirations less than 60 seconds ahead", async () => {
    await expect(kv.put("k", "v", { expirationTtl: 59 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 400 Invalid expiration_ttl of 59. Expiration TTL must be at least 60.]`,
    );
    await expect(kv.put("k", "v", { expirationTtl: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer greater than 0.]`,
    );
    await expect(kv.put("k", "v", { expirationTtl: "x" as never })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 400 Invalid expiration_ttl of 0. Please specify integer greater than 0.]`,
    );
    await expect(kv.put("k", "v", { expiration: nowSeconds() + 30 })).rejects.toThrow(
      "Expiration times must be at least 60 seconds in the future.",
    );
    await expect(kv.put("k", "v", { expiration: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV PUT failed: 400 Invalid expiration of 1. Please specify integer greater than the current number of seconds since the UNIX epoch.]`,
    );
  });

  test("rejects a list limit over 1000, a short cacheTtl and an unknown type", async () => {
    await expect(kv.list({ limit: 1001 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET failed: 400 Invalid key_count_limit of 1001. Please specify an integer less than 1000.]`,
    );
    await expect(kv.get("k", { cacheTtl: 10 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: KV GET failed: 400 Invalid cache_ttl of 10. Cache TTL must be at least 30.]`,
    );
    await kv.put("k", "v");
    await expect(kv.get("k", "blob" as "text")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".]`,
    );
  });
});
