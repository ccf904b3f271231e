/**
 * R2 in the local explorer: objects by prefix and delimiter, page by page; an object's metadata
 * with a preview; download, upload and delete through `R2Bucket`, with production's validation.
 */
import { statePaths } from "../../storage/state-path.js";
import { ExplorerInputError, intParam, requireParam, type ExplorerViewFactory } from "../explorer-view.js";
import { previewValue } from "../value-preview.js";
import { R2Bucket } from "./r2-bucket.js";
import type { R2Object, R2ObjectBody } from "./r2-object.js";
import { R2Storage } from "./storage.js";

/** Objects up to this size are previewed in the page. */
const previewLimit = 256 * 1024;

export const createR2Explorer: ExplorerViewFactory<"r2"> = (context) => {
  const opened = new Map<string, R2Bucket>();
  const open = (name: string) => {
    let bucket = opened.get(name);
    if (!bucket) {
      bucket = new R2Bucket(new R2Storage(statePaths(context.persist, "r2", name)), context.clock);
      opened.set(name, bucket);
    }
    return bucket;
  };
  return {
    reads: {
      objects: async (binding, input) => {
        const listed = await open(binding.bucketName).list({
          prefix: input.query.get("prefix") ?? "",
          delimiter: input.query.get("delimiter") ?? "/",
          cursor: input.query.get("cursor") || undefined,
          limit: intParam(input, "limit", 100, 1, 1000),
          include: ["httpMetadata", "customMetadata"],
        });
        return { ...listed, objects: listed.objects.map(describe) };
      },
      object: async (binding, input) => {
        const key = requireParam(input, "key");
        const object = (await open(binding.bucketName).get(key)) as R2ObjectBody | null;
        if (!object) return { key, found: false };
        const preview = object.size <= previewLimit ? previewValue(new Uint8Array(await object.arrayBuffer())) : undefined;
        return { key, found: true, object: describe(object), preview };
      },
      download: async (binding, input) => {
        const key = requireParam(input, "key");
        const object = (await open(binding.bucketName).get(key)) as R2ObjectBody | null;
        if (!object) return new Response(`No object ${JSON.stringify(key)} in ${binding.bucketName}.`, { status: 404 });
        const headers = new Headers();
        object.writeHttpMetadata(headers);
        if (!headers.has("content-type")) headers.set("content-type", "application/octet-stream");
        headers.set("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(key.split("/").pop() || key)}`);
        headers.set("etag", object.httpEtag);
        return new Response(await object.arrayBuffer(), { headers });
      },
    },
    writes: {
      upload: async (binding, input) => {
        const key = requireParam(input, "key");
        const contentType = input.query.get("contentType") || undefined;
        const bytes = await input.body();
        const object = await open(binding.bucketName).put(key, bytes, contentType ? { httpMetadata: { contentType } } : {});
        return { key, object: object && describe(object) };
      },
      delete: async (binding, input) => {
        const { keys } = await input.json();
        if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string")) {
          throw new ExplorerInputError('[kindling] An R2 delete needs "keys", an array of object keys.');
        }
        await open(binding.bucketName).delete(keys);
        return { keys };
      },
    },
  };
};

function describe(object: R2Object) {
  return {
    key: object.key,
    size: object.size,
    etag: object.etag,
    uploaded: object.uploaded.toISOString(),
    httpMetadata: object.httpMetadata ?? {},
    customMetadata: object.customMetadata ?? {},
    storageClass: object.storageClass,
  };
}
