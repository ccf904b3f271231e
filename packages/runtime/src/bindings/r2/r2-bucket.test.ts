import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ManualClock } from "../../storage/clock.js";
import { createR2Bucket, R2ObjectBody, type R2Bucket, type R2Object } from "./index.js";

let dir: string;
let clock: ManualClock;
let bucket: R2Bucket;
const open = () => createR2Bucket({ type: "r2", name: "BUCKET", bucketName: "my-bucket" }, { persist: dir, clock });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-r2-"));
  clock = new ManualClock();
  bucket = open();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("put, head, get", () => {
  test("put returns an R2Object; get from a fresh instance returns the body and metadata", async () => {
    const put = (await bucket.put("dir/a.txt", "hello", {
      httpMetadata: { contentType: "text/plain", cacheExpiry: new Date(Date.UTC(2030, 0, 1)) },
      customMetadata: { owner: "me" },
    }))!;
    expect(put).toMatchObject({
      key: "dir/a.txt",
      size: 5,
      etag: md5("hello"),
      httpEtag: `"${md5("hello")}"`,
      storageClass: "Standard",
    });
    expect(put.uploaded).toEqual(new Date(clock.now()));
    expect(put.version).toMatch(/^[0-9a-f]{32}$/);
    expect(put.checksums.toJSON()).toMatchObject({ md5: md5("hello") });

    const got = (await open().get("dir/a.txt")) as R2ObjectBody;
    expect(got).toBeInstanceOf(R2ObjectBody);
    expect(got.version).toBe(put.version);
    expect(got.range).toEqual({ offset: 0, length: 5, suffix: undefined });
    expect(got.customMetadata).toEqual({ owner: "me" });
    const headers = new Headers();
    got.writeHttpMetadata(headers);
    expect(Object.fromEntries(headers)).toEqual({ "content-type": "text/plain", expires: "Tue, 01 Jan 2030 00:00:00 GMT" });
    expect(got.bodyUsed).toBe(false);
    expect(await got.text()).toBe("hello");
    expect(got.bodyUsed).toBe(true);
    await expect(got.arrayBuffer()).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Body has already been used. It can only be used once. Use tee() first if you need to read it twice.]`,
    );
    const head = await bucket.head("dir/a.txt");
    expect(head).not.toBeInstanceOf(R2ObjectBody);
    expect(head?.httpMetadata?.contentType).toBe("text/plain");
  });

  test("results carry workerd's class names, string tags and full field sets", async () => {
    const put = (await bucket.put("a", "x"))!;
    const got = (await bucket.get("a"))!;
    expect([put.constructor.name, got.constructor.name]).toEqual(["HeadResult", "GetResult"]);
    expect([put, got, bucket].map((value) => Object.prototype.toString.call(value))).toEqual([
      "[object HeadResult]",
      "[object GetResult]",
      "[object R2Bucket]",
    ]);
    expect(got.range).toStrictEqual({ offset: 0, length: 1, suffix: undefined });
    expect(put.checksums.toJSON()).toStrictEqual({
      md5: md5("x"),
      sha1: undefined,
      sha256: undefined,
      sha384: undefined,
      sha512: undefined,
    });
  });

  test("the empty key is a key: put, listed first, and a cursor can stop right after it", async () => {
    await bucket.put("", "empty");
    await bucket.put("b", "b");
    const first = await bucket.list({ limit: 1 });
    expect(first.objects.map((o) => o.key)).toEqual([""]);
    const rest = await bucket.list({ cursor: first.truncated ? first.cursor : undefined });
    expect(rest.objects.map((o) => o.key)).toEqual(["b"]);
    expect(Object.keys(rest).toSorted()).toEqual(["cursor", "delimitedPrefixes", "objects", "truncated"]);
  });

  test("get and head return null for a missing key; the body readers all work", async () => {
    expect(await bucket.get("missing")).toBeNull();
    expect(await bucket.head("missing")).toBeNull();
    await bucket.put("j", new TextEncoder().encode('{"n":1}'), {
      httpMetadata: new Headers({ "content-type": "application/json" }),
    });
    expect(await ((await bucket.get("j")) as R2ObjectBody).json()).toEqual({ n: 1 });
    expect(await ((await bucket.get("j")) as R2ObjectBody).bytes()).toEqual(new TextEncoder().encode('{"n":1}'));
    const blob = await ((await bucket.get("j")) as R2ObjectBody).blob();
    expect(blob.type).toBe("application/json");
    expect(await new Response(((await bucket.get("j")) as R2ObjectBody).body).text()).toBe('{"n":1}');
  });

  test("put accepts streams, Blobs, views and null", async () => {
    await bucket.put("stream", new Blob(["from a stream"]).stream());
    await bucket.put("blob", new Blob(["blob"]));
    await bucket.put("view", new Uint8Array([1, 2, 3]).subarray(1));
    await bucket.put("empty", null);
    expect(await ((await bucket.get("stream")) as R2ObjectBody).text()).toBe("from a stream");
    expect(await ((await bucket.get("blob")) as R2ObjectBody).text()).toBe("blob");
    expect(await ((await bucket.get("view")) as R2ObjectBody).bytes()).toEqual(new Uint8Array([2, 3]));
    expect((await bucket.head("empty"))?.size).toBe(0);
    await expect(bucket.put("n", 42)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Failed to execute 'put' on 'R2Bucket': parameter 2 is not of type 'JsReadableStream or ArrayBuffer or ArrayBufferView or string or Blob'.]`,
    );
  });

  test("a key like ../../etc/passwd is stored under a random blob name inside the state directory", async () => {
    await bucket.put("../../etc/passwd", "root:x:0:0");
    expect(await ((await open().get("../../etc/passwd")) as R2ObjectBody).text()).toBe("root:x:0:0");
    const files = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((file) => file.includes(".blobs/"))).toEqual([
      expect.stringMatching(/^r2\/my-bucket\.blobs\/[0-9a-f]{32}$/),
    ]);
    expect(files.some((file) => file.includes("passwd"))).toBe(false);
  });

  test("overwrite and delete (one key or many) remove the old blob files", async () => {
    await bucket.put("a", "1");
    await bucket.put("a", "2");
    await bucket.put("b", "3");
    expect(fs.readdirSync(path.join(dir, "r2/my-bucket.blobs"))).toHaveLength(2);
    await bucket.delete("a");
    await bucket.delete(["b", "never-existed"]);
    expect(await bucket.head("a")).toBeNull();
    expect(await bucket.head("b")).toBeNull();
    expect(fs.readdirSync(path.join(dir, "r2/my-bucket.blobs"))).toHaveLength(0);
  });
});

describe("ranges", () => {
  beforeEach(async () => void (await bucket.put("r", "0123456789")));
  const text = async (options: Parameters<R2Bucket["get"]>[1]) => {
    const object = (await bucket.get("r", options)) as R2ObjectBody;
    return [await object.text(), object.range];
  };

  test("offset/length, suffix and a Range header select bytes", async () => {
    expect(await text({ range: { offset: 2, length: 3 } })).toEqual(["234", { offset: 2, length: 3 }]);
    expect(await text({ range: { offset: 7 } })).toEqual(["789", { offset: 7, length: 3 }]);
    expect(await text({ range: { length: 2 } })).toEqual(["01", { offset: 0, length: 2 }]);
    expect(await text({ range: { suffix: 4 } })).toEqual(["6789", { offset: 6, length: 4 }]);
    expect(await text({ range: { offset: 8, length: 100 } })).toEqual(["89", { offset: 8, length: 2 }]);
    expect(await text({ range: new Headers({ range: "bytes=1-3" }) })).toEqual(["123", { offset: 1, length: 3 }]);
    expect(await text({ range: new Headers({ range: "bytes=-2" }) })).toEqual(["89", { offset: 8, length: 2 }]);
    expect(await text({ range: new Headers({ range: "bytes=0-1,4-5" }) })).toEqual(["0123456789", { offset: 0, length: 10 }]);
  });

  test("bad ranges fail like workerd and R2", async () => {
    await expect(bucket.get("r", { range: { offset: -1 } })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Invalid range. Starting offset (-1) must be greater than or equal to 0.]`,
    );
    await expect(bucket.get("r", { range: { suffix: 2, offset: 1 } })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Suffix is incompatible with offset.]`,
    );
    await expect(bucket.get("r", { range: { offset: 11 } })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: get: The requested range is not satisfiable (10039)]`,
    );
  });
});

describe("conditional operations", () => {
  test("a failed get precondition returns the R2Object without a body", async () => {
    const put = (await bucket.put("c", "v"))!;
    clock.advance(5_000);
    const notModified = await bucket.get("c", { onlyIf: { etagDoesNotMatch: put.etag } });
    expect(notModified).not.toBeInstanceOf(R2ObjectBody);
    expect(notModified?.etag).toBe(put.etag);
    expect(await bucket.get("c", { onlyIf: { etagMatches: put.etag } })).toBeInstanceOf(R2ObjectBody);
    expect(await bucket.get("c", { onlyIf: { uploadedAfter: new Date(clock.now()) } })).not.toBeInstanceOf(R2ObjectBody);
    expect(await bucket.get("c", { onlyIf: { uploadedBefore: new Date(clock.now()) } })).toBeInstanceOf(R2ObjectBody);
    expect(await bucket.get("c", { onlyIf: new Headers({ "if-none-match": `W/"${put.etag}"` }) })).not.toBeInstanceOf(
      R2ObjectBody,
    );
    expect(await bucket.get("c", { onlyIf: new Headers({ "if-match": `"other", "${put.etag}"` }) })).toBeInstanceOf(R2ObjectBody);
    await expect(bucket.get("c", { onlyIf: { etagMatches: `"${put.etag}"` } })).rejects.toThrow(
      "Conditional ETag should not be wrapped in quotes",
    );
  });

  test("a failed put precondition returns null and writes nothing", async () => {
    const first = (await bucket.put("c", "one"))!;
    expect(await bucket.put("c", "two", { onlyIf: { etagMatches: "nope" } })).toBeNull();
    expect(await bucket.put("new", "x", { onlyIf: { etagMatches: "*" } })).toBeNull();
    expect(await bucket.put("c", "three", { onlyIf: { etagMatches: first.etag } })).not.toBeNull();
    expect(await ((await bucket.get("c")) as R2ObjectBody).text()).toBe("three");
    expect(await bucket.head("new")).toBeNull();
    expect(fs.readdirSync(path.join(dir, "r2/my-bucket.blobs"))).toHaveLength(1);
  });
});

describe("checksums and limits", () => {
  test("a matching checksum is kept; a mismatch rejects with R2's error", async () => {
    const sha256 = createHash("sha256").update("data").digest("hex");
    const object = (await bucket.put("s", "data", { sha256 }))!;
    expect(object.checksums.toJSON()).toEqual({ md5: md5("data"), sha256 });
    expect(new Uint8Array(object.checksums.sha256!)).toEqual(new Uint8Array(Buffer.from(sha256, "hex")));
    await expect(bucket.put("s", "data", { md5: md5("other") })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: put: The MD5 checksum you specified did not match what we received.
      You provided a MD5 checksum with value: 795f3202b17cb6bc3d4b771d8c6c9eaf
      Actual MD5 was: 8d777f385d3dfec8815d20f7496026dc (10037)]
    `);
    await expect(bucket.put("s", "data", { sha1: "abc" })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: SHA-1 is 40 hex characters, not 3]`,
    );
    await expect(bucket.put("s", "data", { md5: md5("data"), sha1: "x".repeat(40) })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: You cannot specify multiple hashing algorithms.]`,
    );
  });

  test("rejects long keys, large metadata and bad list options", async () => {
    await expect(bucket.put("k".repeat(1025), "v")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: put: The specified object name is not valid. (10020)]`,
    );
    await expect(bucket.get("k".repeat(1025))).rejects.toThrow("get: The specified object name is not valid. (10020)");
    await expect(bucket.put("k", "v", { customMetadata: { a: "x".repeat(2048) } })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: put: Your metadata headers exceed the maximum allowed metadata size. (10012)]`,
    );
    await expect(bucket.list({ limit: 1001 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: list: MaxKeys params must be positive integer <= 1000. (10022)]`,
    );
    await expect(bucket.list({ include: ["nope" as "httpMetadata"] })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Unsupported include value nope]`,
    );
  });
});

describe("list", () => {
  beforeEach(async () => {
    for (const key of ["a/1", "a/2", "b/x/1", "b/x/2", "b/y", "c"]) {
      await bucket.put(key, key, { customMetadata: { key }, httpMetadata: { contentType: "text/plain" } });
    }
  });
  const keys = (objects: R2Object[]) => objects.map((object) => object.key);

  test("lists in key order with prefix, limit, cursor and startAfter", async () => {
    const page1 = await bucket.list({ limit: 4 });
    expect(keys(page1.objects)).toEqual(["a/1", "a/2", "b/x/1", "b/x/2"]);
    expect(page1.truncated).toBe(true);
    const page2 = await bucket.list({ limit: 4, cursor: page1.truncated ? page1.cursor : undefined });
    expect(keys(page2.objects)).toEqual(["b/y", "c"]);
    expect(page2).toMatchObject({ truncated: false, delimitedPrefixes: [] });
    expect(keys((await bucket.list({ prefix: "b/" })).objects)).toEqual(["b/x/1", "b/x/2", "b/y"]);
    expect(keys((await bucket.list({ startAfter: "b/x/2" })).objects)).toEqual(["b/y", "c"]);
  });

  test("a delimiter folds keys into delimitedPrefixes", async () => {
    const top = await bucket.list({ delimiter: "/" });
    expect(keys(top.objects)).toEqual(["c"]);
    expect(top.delimitedPrefixes).toEqual(["a/", "b/"]);
    const inB = await bucket.list({ prefix: "b/", delimiter: "/" });
    expect(keys(inB.objects)).toEqual(["b/y"]);
    expect(inB.delimitedPrefixes).toEqual(["b/x/"]);
    const first = await bucket.list({ delimiter: "/", limit: 1 });
    expect(first).toMatchObject({ objects: [], delimitedPrefixes: ["a/"], truncated: true });
    const next = await bucket.list({ delimiter: "/", limit: 1, cursor: first.truncated ? first.cursor : undefined });
    expect(next.delimitedPrefixes).toEqual(["b/"]);
  });

  test("metadata is empty unless included, as workerd answers", async () => {
    const [plain] = (await bucket.list({ limit: 1 })).objects;
    expect(plain!.httpMetadata).toStrictEqual({
      contentType: undefined,
      contentLanguage: undefined,
      contentDisposition: undefined,
      contentEncoding: undefined,
      cacheControl: undefined,
      cacheExpiry: undefined,
    });
    expect(plain!.customMetadata).toStrictEqual({});
    const headers = new Headers();
    plain!.writeHttpMetadata(headers);
    expect([...headers]).toEqual([]);
    const [full] = (await bucket.list({ limit: 1, include: ["httpMetadata", "customMetadata"] })).objects;
    expect(full).toMatchObject({ httpMetadata: { contentType: "text/plain" }, customMetadata: { key: "a/1" } });
  });
});
