import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ManualClock } from "../../storage/clock.js";
import { createCacheStorage, type CacheStorage } from "./index.js";

let dir: string;
let clock: ManualClock;
let caches: CacheStorage;
const url = "https://example.com/page";

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-cache-"));
  clock = new ManualClock();
  caches = createCacheStorage(dir, clock);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const response = (headers: HeadersInit, body = "body", status = 200) => new Response(body, { status, headers });

describe("put and match", () => {
  test("match returns a HIT with the body, from a fresh instance too, until max-age passes", async () => {
    await caches.default.put(url, response({ "cache-control": "max-age=60", "x-a": "1" }));
    const hit = (await createCacheStorage(dir, clock).default.match(url))!;
    expect(hit.status).toBe(200);
    expect(hit.headers.get("cf-cache-status")).toBe("HIT");
    expect(hit.headers.get("x-a")).toBe("1");
    expect(await hit.text()).toBe("body");
    // As workerd answers a HIT: the reason phrase, the body's length, and the age since put.
    clock.advance(30_000);
    const later = (await caches.default.match(url))!;
    expect([later.statusText, later.headers.get("content-length"), later.headers.get("age")]).toEqual(["OK", "4", "30"]);
    expect(() => caches.keys()).toThrowErrorMatchingInlineSnapshot(
      `[Error: Failed to execute 'keys' on 'CacheStorage': the method is not implemented.]`,
    );
    clock.advance(29_000);
    expect(await caches.default.match(new Request(url))).toBeDefined();
    clock.advance(1_000);
    expect(await caches.default.match(url)).toBeUndefined();
  });

  test("s-maxage wins over max-age; Expires is used without either", async () => {
    await caches.default.put(url, response({ "cache-control": "max-age=10, s-maxage=100" }));
    await caches.default.put(`${url}?e`, response({ expires: new Date(clock.now() + 30_000).toUTCString() }));
    clock.advance(50_000);
    expect(await caches.default.match(url)).toBeDefined();
    expect(await caches.default.match(`${url}?e`)).toBeUndefined();
  });

  test("without Cache-Control, Cloudflare's default edge TTL by status applies", async () => {
    await caches.default.put(`${url}/200`, response({}));
    await caches.default.put(`${url}/404`, response({}, "missing", 404));
    await caches.default.put(`${url}/500`, response({}, "error", 500));
    expect(await caches.default.match(`${url}/500`)).toBeUndefined();
    clock.advance(180_000);
    expect(await caches.default.match(`${url}/404`)).toBeUndefined();
    expect((await caches.default.match(`${url}/200`))?.status).toBe(200);
    clock.advance(7_200_000);
    expect(await caches.default.match(`${url}/200`)).toBeUndefined();
  });

  test("no-store, no-cache, private and Set-Cookie responses are not stored", async () => {
    for (const [i, headers] of (
      [
        { "cache-control": "no-store, max-age=60" },
        { "cache-control": "no-cache" },
        { "cache-control": "private, max-age=60" },
        { "cache-control": "max-age=60", "set-cookie": "a=1" },
      ] as Record<string, string>[]
    ).entries()) {
      await caches.default.put(`${url}/${i}`, response(headers));
      expect(await caches.default.match(`${url}/${i}`)).toBeUndefined();
    }
  });

  test("Cache-Control private=Set-Cookie stores the response without its Set-Cookie", async () => {
    await caches.default.put(url, response({ "cache-control": 'max-age=60, private="Set-Cookie"', "set-cookie": "a=1" }));
    const hit = (await caches.default.match(url))!;
    expect(hit.headers.get("set-cookie")).toBeNull();
    expect(await hit.text()).toBe("body");
  });

  test("only GET matches, unless ignoreMethod", async () => {
    await caches.default.put(url, response({ "cache-control": "max-age=60" }));
    expect(await caches.default.match(new Request(url, { method: "POST" }))).toBeUndefined();
    expect(await caches.default.match(new Request(url, { method: "POST" }), { ignoreMethod: true })).toBeDefined();
  });

  test("named caches are separate from each other and from the default cache", async () => {
    const a = await caches.open("a");
    await a.put(url, response({ "cache-control": "max-age=60" }, "from a"));
    expect(await caches.default.match(url)).toBeUndefined();
    expect(await (await caches.open("b")).match(url)).toBeUndefined();
    expect(await (await caches.open("a")).match(url).then((r) => r?.text())).toBe("from a");
  });

  test("large bodies round-trip through a blob file", async () => {
    const big = "x".repeat(200_000);
    await caches.default.put(url, response({ "cache-control": "max-age=60" }, big));
    expect(await (await caches.default.match(url))!.text()).toBe(big);
    expect(fs.readdirSync(path.join(dir, "cache/caches.blobs"))).toHaveLength(1);
    expect(await caches.default.delete(url)).toBe(true);
    expect(fs.readdirSync(path.join(dir, "cache/caches.blobs"))).toHaveLength(0);
  });

  test("conditional and range requests are answered from the cached response", async () => {
    await caches.default.put(url, response({ "cache-control": "max-age=60", etag: '"v1"' }, "0123456789"));
    expect((await caches.default.match(new Request(url, { headers: { "if-none-match": '"v1"' } })))?.status).toBe(304);
    const partial = (await caches.default.match(new Request(url, { headers: { range: "bytes=2-4" } })))!;
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await partial.text()).toBe("234");
  });
});

describe("delete", () => {
  test("returns true only when something was cached", async () => {
    await caches.default.put(url, response({ "cache-control": "max-age=60" }));
    expect(await caches.default.delete(new Request(url, { method: "POST" }))).toBe(false);
    expect(await caches.default.delete(url)).toBe(true);
    expect(await caches.default.delete(url)).toBe(false);
    expect(await caches.default.match(url)).toBeUndefined();
  });
});

describe("errors", () => {
  test("put rejects what workerd rejects", async () => {
    const ok = () => response({ "cache-control": "max-age=60" });
    await expect(caches.default.put(new Request(url, { method: "POST" }), ok())).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Cannot cache response to non-GET request.]`,
    );
    await expect(caches.default.put(url, response({}, "x", 206))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Cannot cache response to a range request (206 Partial Content).]`,
    );
    await expect(caches.default.put(url, response({ vary: "*" }))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Cannot cache response with 'Vary: *' header.]`,
    );
    await expect(caches.default.put(url, Response.error())).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Cache is unable to store an error response]`,
    );
    await expect(caches.default.put("/relative", ok())).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Invalid URL: /relative]`,
    );
    expect(() => caches.default.add(url)).toThrowErrorMatchingInlineSnapshot(
      `[Error: Failed to execute 'add' on 'Cache': the method is not implemented.]`,
    );
  });

  test("a 304 is silently not stored", async () => {
    await caches.default.put(url, new Response(null, { status: 304, headers: { "cache-control": "max-age=60" } }));
    expect(await caches.default.match(url)).toBeUndefined();
  });
});
