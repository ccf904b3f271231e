/** `kv_namespaces` -> KV binding descriptors. */
import { z } from "zod";
import { defineConfigUnit, stateNameMessage, stateNamePattern } from "./define.js";

const kvNamespace = z.looseObject({
  binding: z.string().min(1),
  id: z.string().min(1).regex(stateNamePattern, stateNameMessage).optional(),
  preview_id: z.string().optional(),
});

export const kvConfig = defineConfigUnit({
  shape: { kv_namespaces: z.array(kvNamespace).optional() },
  // Like wrangler, a namespace without an id is stored under its binding name.
  read: (config) => (config.kv_namespaces ?? []).map((kv) => ({ type: "kv", name: kv.binding, id: kv.id ?? kv.binding })),
});
