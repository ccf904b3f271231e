/**
 * Binding kinds wrangler accepts that Kindling cannot run: each is still put on `env` as an object
 * whose use fails with a clear error (never silently `undefined`).
 */
import { z } from "zod";
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import { bindingLabels } from "../wrangler-keys.generated.js";
import { defineConfigUnit } from "./define.js";
import { unsafeBinding } from "./ratelimit.js";

const remoteOnly =
  "It runs only on Cloudflare's network: run this part with wrangler and a remote binding " +
  '("remote": true), or replace it with a mock in your code while developing.';

/** wrangler keys whose entries have a `binding` name, and what they are. */
const remoteKinds = [
  "ai",
  "ai_search",
  "ai_search_namespaces",
  "agent_memory",
  "vectorize",
  "browser",
  "images",
  "media",
  "stream",
  "analytics",
  "dispatch_namespaces",
  "mtls_certificates",
  "pipelines",
  "k2",
  "artifacts",
  "flagship",
  "vpc_services",
  "vpc_networks",
  "unsafe_hello_world",
] as const;

/** Cloudflare's product names where wrangler's labels are terse. */
const products: Record<string, string> = { ai: "Workers AI", browser: "Browser Rendering", analytics: "Analytics Engine SQL" };

const entry = z.looseObject({ binding: z.string().min(1) });
const oneOrMany = z.union([entry, z.array(entry)]);

export const unavailableConfig = defineConfigUnit({
  shape: {
    ...(Object.fromEntries(remoteKinds.map((key) => [key, oneOrMany.optional()])) as Record<
      (typeof remoteKinds)[number],
      z.ZodOptional<typeof oneOrMany>
    >),
    logfwdr: z.looseObject({ bindings: z.array(z.looseObject({ name: z.string().min(1) })).optional() }).optional(),
    unsafe: z.looseObject({ bindings: z.array(unsafeBinding).optional() }).optional(),
  },
  read: (config) => {
    const out: BindingDescriptor<"unavailable">[] = [];
    const add = (name: string, configKey: string, product: string, message: string) =>
      out.push({ type: "unavailable", name, configKey, product, message });
    for (const key of remoteKinds) {
      const value = config[key];
      for (const { binding } of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
        add(binding, key, products[key] ?? bindingLabels[key] ?? key, remoteOnly);
      }
    }
    for (const { name } of config.logfwdr?.bindings ?? []) add(name, "logfwdr", "logfwdr", remoteOnly);
    for (const { name, type } of config.unsafe?.bindings ?? []) {
      if (type === "ratelimit") continue;
      add(
        name,
        "unsafe",
        `unsafe binding of type "${type}"`,
        "Kindling does not know unsafe bindings of this type: replace it with a mock in your code while developing.",
      );
    }
    return out;
  },
});
