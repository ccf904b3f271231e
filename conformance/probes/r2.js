/** R2: objects, metadata, conditionals, ranges, listing, multipart, and errors. */
import { allKeys, className } from "../harness/describe.js";

export const area = "Bindings: R2";

/** The parts of an R2Object that do not change between runs (version and upload time do). */
function shape(object) {
  if (object === null) return null;
  return {
    class: className(object),
    key: object.key,
    size: object.size,
    etag: object.etag,
    httpEtag: object.httpEtag,
    version: /^[0-9a-f]{32}$/.test(object.version) ? "<32 hex>" : object.version,
    uploaded: className(object.uploaded),
    httpMetadata: object.httpMetadata,
    customMetadata: object.customMetadata,
    range: object.range,
    storageClass: object.storageClass,
    checksums: object.checksums?.toJSON?.(),
    ssecKeyMd5: object.ssecKeyMd5,
  };
}

const md5 = async (text) => crypto.subtle.digest("MD5", new TextEncoder().encode(text));

export function probes({ env }) {
  const r2 = env.R2;
  return {
    class: () => className(r2),
    "prototype keys": () => allKeys(r2),
    "put returns": async () => shape(await r2.put("a.txt", "hello")),
    "R2Object keys": async () => allKeys(await r2.head("a.txt")),
    head: async () => shape(await r2.head("a.txt")),
    "head missing": () => r2.head("missing"),
    get: async () => {
      const object = await r2.get("a.txt");
      return { ...shape(object), body: className(object.body), bodyUsed: object.bodyUsed, text: await object.text() };
    },
    "R2ObjectBody keys": async () => allKeys(await r2.get("a.txt")),
    "get missing": () => r2.get("missing"),
    "get range { offset, length }": async () => {
      const object = await r2.get("a.txt", { range: { offset: 1, length: 2 } });
      return { range: object.range, text: await object.text() };
    },
    "get range { suffix }": async () => {
      const object = await r2.get("a.txt", { range: { suffix: 3 } });
      return { range: object.range, text: await object.text() };
    },
    "get range from Headers": async () => {
      const object = await r2.get("a.txt", { range: new Headers({ range: "bytes=0-1" }) });
      return { range: object.range, text: await object.text() };
    },
    "get range beyond the end": async () => {
      const object = await r2.get("a.txt", { range: { offset: 10 } });
      return { range: object.range, text: await object.text() };
    },
    "get range { offset: -1 }": () => r2.get("a.txt", { range: { offset: -1 } }),
    "get range { length: 0 }": async () => {
      const object = await r2.get("a.txt", { range: { offset: 0, length: 0 } });
      return { range: object.range, text: await object.text() };
    },
    "get onlyIf etagMatches (miss)": async () => {
      const object = await r2.get("a.txt", { onlyIf: { etagMatches: "nope" } });
      return { class: className(object), hasBody: "body" in object };
    },
    "get onlyIf etagDoesNotMatch (hit)": async () => {
      const head = await r2.head("a.txt");
      const object = await r2.get("a.txt", { onlyIf: { etagDoesNotMatch: head.etag } });
      return { class: className(object), hasBody: "body" in object };
    },
    "get onlyIf uploadedBefore 2000": async () =>
      className(await r2.get("a.txt", { onlyIf: { uploadedBefore: new Date(946684800000) } })),
    "get onlyIf from Headers If-None-Match": async () => {
      const head = await r2.head("a.txt");
      return className(await r2.get("a.txt", { onlyIf: new Headers({ "if-none-match": head.httpEtag }) }));
    },
    "put with httpMetadata and customMetadata": async () =>
      shape(
        await r2.put("meta.txt", "m", {
          httpMetadata: { contentType: "text/x-probe", cacheControl: "no-cache", cacheExpiry: new Date(0) },
          customMetadata: { a: "1" },
        }),
      ),
    writeHttpMetadata: async () => {
      const headers = new Headers();
      (await r2.head("meta.txt")).writeHttpMetadata(headers);
      return [...headers];
    },
    "put httpMetadata from Headers": async () =>
      (await r2.put("h.txt", "h", { httpMetadata: new Headers({ "content-type": "a/b", "x-other": "1" }) })).httpMetadata,
    "put with customMetadata number": async () => (await r2.put("c.txt", "c", { customMetadata: { n: 1 } })).customMetadata,
    "put with the right md5": async () => shape(await r2.put("md5.txt", "sum", { md5: await md5("sum") })).checksums,
    "put with the right md5 as hex": async () =>
      shape(await r2.put("md5.txt", "sum", { md5: "1d623b89683f9ce4e074de1676d12416" })).checksums,
    "put with a wrong md5": async () => r2.put("md5.txt", "sum", { md5: await md5("other") }),
    "put with sha1": async () =>
      shape(await r2.put("sha.txt", "s", { sha1: await crypto.subtle.digest("SHA-1", new TextEncoder().encode("s")) })).checksums,
    "put with md5 and sha1": async () =>
      r2.put("two.txt", "s", { md5: await md5("s"), sha1: await crypto.subtle.digest("SHA-1", new TextEncoder().encode("s")) }),
    "put with storageClass InfrequentAccess": async () =>
      (await r2.put("ia.txt", "i", { storageClass: "InfrequentAccess" })).storageClass,
    "put with storageClass Bogus": () => r2.put("bogus.txt", "i", { storageClass: "Bogus" }),
    "put a stream of unknown length": () => r2.put("stream.txt", new Blob(["stream"]).stream()),
    "put a FixedLengthStream": async () => {
      const { readable, writable } = new FixedLengthStream(3);
      const writer = writable.getWriter();
      void writer.write(new TextEncoder().encode("abc"));
      void writer.close();
      return (await r2.put("fixed.txt", readable)).size;
    },
    "put a Blob": async () => (await r2.put("blob.txt", new Blob(["blob"]))).size,
    "put null": async () => (await r2.put("null.txt", null)).size,
    "put a number": () => r2.put("num.txt", 5),
    "put onlyIf etagMatches (miss)": () => r2.put("a.txt", "x", { onlyIf: { etagMatches: "nope" } }),
    "put with a 1025-byte key": () => r2.put("k".repeat(1025), "v"),
    "put with an empty key": () => r2.put("", "v"),
    list: async () => {
      const result = await r2.list();
      return {
        keys: result.objects.map((o) => o.key),
        truncated: result.truncated,
        delimitedPrefixes: result.delimitedPrefixes,
        fields: Object.keys(result).toSorted(),
        objectClass: className(result.objects[0]),
      };
    },
    "list objects have no httpMetadata by default": async () =>
      (await r2.list({ prefix: "meta" })).objects.map((o) => ({ http: o.httpMetadata, custom: o.customMetadata })),
    "list include httpMetadata and customMetadata": async () =>
      (await r2.list({ prefix: "meta", include: ["httpMetadata", "customMetadata"] })).objects.map((o) => ({
        http: o.httpMetadata,
        custom: o.customMetadata,
      })),
    "list with delimiter": async () => {
      await r2.put("dir/one", "1");
      await r2.put("dir/sub/two", "2");
      const result = await r2.list({ prefix: "dir/", delimiter: "/" });
      return { keys: result.objects.map((o) => o.key), prefixes: result.delimitedPrefixes };
    },
    "list with limit 2": async () => {
      const result = await r2.list({ limit: 2 });
      return {
        keys: result.objects.map((o) => o.key),
        truncated: result.truncated,
        hasCursor: typeof result.cursor === "string",
      };
    },
    "list with startAfter": async () => (await r2.list({ startAfter: "md5.txt", limit: 2 })).objects.map((o) => o.key),
    "list with limit 0": () => r2.list({ limit: 0 }),
    "list with limit 1001": () => r2.list({ limit: 1001 }),
    "list with include bogus": () => r2.list({ include: ["bogus"] }),
    "delete one": () => r2.delete("blob.txt"),
    "delete many": () => r2.delete(["null.txt", "missing"]),
    "delete 1001 keys": () => r2.delete(Array.from({ length: 1001 }, (_, i) => `k${i}`)),
    "multipart upload": async () => {
      const upload = await r2.createMultipartUpload("multi.bin", { httpMetadata: { contentType: "application/x-probe" } });
      const part = await upload.uploadPart(1, "only part");
      const object = await upload.complete([part]);
      return {
        class: className(upload),
        uploadKeys: allKeys(upload),
        partKeys: Object.keys(part).toSorted(),
        object: shape(object),
      };
    },
    "multipart part too small": async () => {
      const upload = await r2.createMultipartUpload("small.bin");
      const one = await upload.uploadPart(1, "a");
      const two = await upload.uploadPart(2, "b");
      return await upload.complete([one, two]);
    },
    "multipart uploadPart 0": async () => (await r2.createMultipartUpload("zero.bin")).uploadPart(0, "x"),
    "multipart complete after abort": async () => {
      const upload = await r2.createMultipartUpload("aborted.bin");
      const part = await upload.uploadPart(1, "x");
      await upload.abort();
      return await upload.complete([part]);
    },
    "resumeMultipartUpload with a bad id": async () => r2.resumeMultipartUpload("x.bin", "bad-id").uploadPart(1, "x"),
  };
}
