/**
 * KV in the local explorer: keys by prefix, page by page; a value with its metadata and
 * expiration; edits and deletes through `KVNamespace`, with production's validation.
 */
import { statePaths } from "../../storage/state-path.js";
import { ExplorerInputError, intParam, requireParam, type ExplorerViewFactory } from "../explorer-view.js";
import { previewValue } from "../value-preview.js";
import { KVNamespace } from "./kv-namespace.js";
import { KvStorage } from "./storage.js";

export const createKvExplorer: ExplorerViewFactory<"kv"> = (context) => {
  const opened = new Map<string, { storage: KvStorage; namespace: KVNamespace }>();
  const open = (id: string) => {
    let entry = opened.get(id);
    if (!entry) {
      const storage = new KvStorage(statePaths(context.persist, "kv", id));
      entry = { storage, namespace: new KVNamespace(storage, context.clock) };
      opened.set(id, entry);
    }
    return entry;
  };
  const nowSeconds = () => Math.floor(context.clock.now() / 1000);
  return {
    reads: {
      keys: (binding, input) =>
        open(binding.id).namespace.list({
          prefix: input.query.get("prefix") ?? "",
          cursor: input.query.get("cursor") || null,
          limit: intParam(input, "limit", 50, 1, 1000),
        }),
      value: (binding, input) => {
        const key = requireParam(input, "key");
        const entry = open(binding.id).storage.get(key, nowSeconds());
        if (!entry) return { key, found: false };
        return {
          key,
          found: true,
          expiration: entry.expiration,
          metadata: entry.metadata === null ? null : JSON.parse(entry.metadata),
          value: previewValue(entry.value),
        };
      },
      download: (binding, input) => {
        const key = requireParam(input, "key");
        const entry = open(binding.id).storage.get(key, nowSeconds());
        if (!entry) return new Response(`No key ${JSON.stringify(key)} in ${binding.name}.`, { status: 404 });
        return new Response(entry.value as Uint8Array<ArrayBuffer>, { headers: { "content-type": "application/octet-stream" } });
      },
    },
    writes: {
      put: async (binding, input) => {
        const { key, value, expiration, metadata } = await input.json();
        if (typeof key !== "string" || typeof value !== "string") {
          throw new ExplorerInputError('[kindling] A KV edit needs "key" and "value" as strings.');
        }
        if (expiration !== undefined && expiration !== null && typeof expiration !== "number") {
          throw new ExplorerInputError('[kindling] "expiration" is seconds since the epoch (a number), or null for none.');
        }
        await open(binding.id).namespace.put(key, value, {
          ...(typeof expiration === "number" ? { expiration } : {}),
          ...(metadata === undefined || metadata === null ? {} : { metadata }),
        });
        return { key };
      },
      delete: async (binding, input) => {
        const { key } = await input.json();
        if (typeof key !== "string") throw new ExplorerInputError('[kindling] A KV delete needs "key" as a string.');
        await open(binding.id).namespace.delete(key);
        return { key };
      },
    },
  };
};
