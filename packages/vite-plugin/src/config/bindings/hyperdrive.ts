/**
 * `hyperdrive` -> Hyperdrive descriptors. The local database comes from
 * CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_<binding> (or the deprecated WRANGLER_ prefix) or
 * `localConnectionString`, as wrangler reads them.
 */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const hyperdrive = z.looseObject({
  binding: z.string().min(1),
  id: z.string().min(1),
  localConnectionString: z.string().min(1).optional(),
  remote: z.boolean().optional(),
});

export const hyperdriveConfig = defineConfigUnit({
  shape: { hyperdrive: z.array(hyperdrive).optional() },
  read: (config, { processEnv }) =>
    (config.hyperdrive ?? []).map((entry) => ({
      type: "hyperdrive",
      name: entry.binding,
      id: entry.id,
      localConnectionString:
        processEnv[`CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_${entry.binding}`] ||
        processEnv[`WRANGLER_HYPERDRIVE_LOCAL_CONNECTION_STRING_${entry.binding}`] ||
        entry.localConnectionString,
    })),
});
