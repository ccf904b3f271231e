/** `ratelimits` (and the older `unsafe.bindings` entries of type "ratelimit") -> rate limiter descriptors. */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const simple = z.looseObject({
  limit: z.number().int().positive(),
  period: z.union([z.literal(10), z.literal(60)]),
});

const ratelimit = z.looseObject({ name: z.string().min(1), namespace_id: z.string().min(1), simple });

/** `unsafe.bindings[]`: only the ratelimit ones are read here (the others are unavailable). */
export const unsafeBinding = z.looseObject({ name: z.string().min(1), type: z.string().min(1) });

export const ratelimitConfig = defineConfigUnit({
  shape: {
    ratelimits: z.array(ratelimit).optional(),
    unsafe: z.looseObject({ bindings: z.array(unsafeBinding).optional() }).optional(),
  },
  read: (config) => {
    const unsafe = (config.unsafe?.bindings ?? []).filter((entry) => entry.type === "ratelimit");
    const fromUnsafe = unsafe.map((entry) => ratelimit.parse(entry));
    return [...(config.ratelimits ?? []), ...fromUnsafe].map((entry) => ({
      type: "ratelimit",
      name: entry.name,
      namespaceId: entry.namespace_id,
      limit: entry.simple.limit,
      period: entry.simple.period,
    }));
  },
});
