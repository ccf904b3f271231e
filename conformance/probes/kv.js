/** KV: results, shapes and errors of every method (state builds up in the order written). */
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: KV";

export function probes({ env }) {
  const kv = env.KV;
  return {
    class: () => className(kv),
    "prototype keys": () => allKeys(kv),
    "put returns": () => kv.put("a", "1"),
    "get text": () => kv.get("a"),
    "get missing": () => kv.get("missing"),
    "get json": async () => (await kv.put("j", '{"x":[1]}'), await kv.get("j", "json")),
    "get { type: 'json' }": () => kv.get("j", { type: "json" }),
    "get arrayBuffer": async () => {
      const value = await kv.get("a", "arrayBuffer");
      return [className(value), value.byteLength];
    },
    "get stream": async () => {
      const value = await kv.get("a", "stream");
      return [className(value), await new Response(value).text()];
    },
    "get invalid json": async () => (await kv.put("notjson", "{"), await kv.get("notjson", "json")),
    "get bogus type": () => kv.get("a", "bogus"),
    "get with cacheTtl 10": () => kv.get("a", { cacheTtl: 10 }),
    "get with cacheTtl 60": () => kv.get("a", { cacheTtl: 60 }),
    getWithMetadata: async () => (await kv.put("m", "v", { metadata: { n: 1 } }), await kv.getWithMetadata("m")),
    "getWithMetadata missing": () => kv.getWithMetadata("missing"),
    "getWithMetadata without metadata": () => kv.getWithMetadata("a"),
    "bulk get": async () => {
      const map = await kv.get(["a", "missing"]);
      return [className(map), [...map]];
    },
    "bulk get json": async () => [...(await kv.get(["j"], "json"))],
    "bulk get arrayBuffer": () => kv.get(["a"], "arrayBuffer"),
    "bulk get of 101 keys": () => kv.get(Array.from({ length: 101 }, (_, i) => `k${i}`)),
    "bulk get of []": () => kv.get([]),
    "bulk getWithMetadata": async () => [...(await kv.getWithMetadata(["m", "missing"]))],
    "put ArrayBuffer": async () => (await kv.put("ab", new Uint8Array([104, 105]).buffer), await kv.get("ab")),
    "put ReadableStream": async () => (await kv.put("st", new Blob(["stream"]).stream()), await kv.get("st")),
    "put number": () => kv.put("n", 5),
    "put null": () => kv.put("n", null),
    "put object": () => kv.put("n", { a: 1 }),
    "put with expirationTtl 30": () => kv.put("e", "v", { expirationTtl: 30 }),
    "put with expirationTtl 0": () => kv.put("e", "v", { expirationTtl: 0 }),
    "put with expirationTtl 'x'": () => kv.put("e", "v", { expirationTtl: "x" }),
    "put with past expiration": () => kv.put("e", "v", { expiration: 1000 }),
    "put with expiration in 30 s": async () => {
      const expiration = Math.floor(Date.now() / 1000) + 30;
      const error = await kv.put("e", "v", { expiration }).catch((e) => e);
      return error instanceof Error
        ? { name: error.name, message: error.message.replace(String(expiration), "<now + 30>") }
        : error;
    },
    "put with expirationTtl 3600 then list": async () => {
      await kv.put("ttl", "v", { expirationTtl: 3600 });
      const { keys } = await kv.list({ prefix: "ttl" });
      return keys.map((key) => ({ name: key.name, expirationType: typeof key.expiration }));
    },
    "put with metadata of 1025 bytes": () => kv.put("big", "v", { metadata: { x: "y".repeat(1020) } }),
    "put with unserialisable metadata": () => kv.put("big", "v", { metadata: { f: 1n } }),
    "put with empty key": () => kv.put("", "v"),
    "put with key '.'": () => kv.put(".", "v"),
    "put with key '..'": () => kv.put("..", "v"),
    "put with a 513-byte key": () => kv.put("k".repeat(513), "v"),
    "get with a 513-byte key": () => kv.get("k".repeat(513)),
    "get with empty key": () => kv.get(""),
    "put with key containing '/' and unicode": async () => (await kv.put("a/ü/🙂", "u"), await kv.get("a/ü/🙂")),
    "put value of 25 MiB + 1": () => kv.put("huge", "x".repeat(25 * 1024 * 1024 + 1)),
    list: async () => {
      const result = await kv.list();
      return {
        keys: result.keys.map((key) => key.name),
        complete: result.list_complete,
        cursor: result.cursor,
        cacheStatus: result.cacheStatus,
        fields: Object.keys(result).toSorted(),
      };
    },
    "list with prefix and metadata": async () => (await kv.list({ prefix: "m" })).keys,
    "list with limit 2": async () => {
      const result = await kv.list({ limit: 2 });
      return {
        keys: result.keys.map((key) => key.name),
        complete: result.list_complete,
        hasCursor: typeof result.cursor === "string" && result.cursor.length > 0,
      };
    },
    "list next page": async () => {
      const first = await kv.list({ limit: 2 });
      const next = await kv.list({ limit: 2, cursor: first.cursor });
      return next.keys.map((key) => key.name);
    },
    "list with limit 0": async () => (await kv.list({ limit: 0 })).keys.map((key) => key.name),
    "list with limit 1001": () => kv.list({ limit: 1001 }),
    "list with a bad cursor": async () => (await kv.list({ cursor: "not-a-cursor" })).keys.map((key) => key.name),
    "delete returns": () => kv.delete("a"),
    "get after delete": () => kv.get("a"),
    "delete missing": () => kv.delete("missing"),
    "delete with empty key": () => kv.delete(""),
  };
}
