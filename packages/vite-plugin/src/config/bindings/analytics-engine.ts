/** `analytics_engine_datasets` -> Analytics Engine dataset descriptors. */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

const dataset = z.looseObject({
  binding: z.string().min(1),
  dataset: z.string().min(1).optional(),
  remote: z.boolean().optional(),
});

export const analyticsEngineConfig = defineConfigUnit({
  shape: { analytics_engine_datasets: z.array(dataset).optional() },
  // Without "dataset", Cloudflare names the dataset after the binding.
  read: (config) =>
    (config.analytics_engine_datasets ?? []).map((entry) => ({
      type: "analytics_engine",
      name: entry.binding,
      dataset: entry.dataset ?? entry.binding,
    })),
});
