/** The `assets` section: its keys (validated here), and `assets.binding` -> the ASSETS Fetcher descriptor. */
import { z } from "zod";
import { defineConfigUnit } from "./define.js";

export const assetsSchema = z.looseObject({
  directory: z.string().min(1).optional(),
  binding: z.string().min(1).optional(),
  html_handling: z.enum(["auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"]).optional(),
  not_found_handling: z.enum(["single-page-application", "404-page", "none"]).optional(),
  run_worker_first: z.union([z.boolean(), z.array(z.string())]).optional(),
});

export const assetsConfig = defineConfigUnit({
  shape: { assets: assetsSchema.optional() },
  read: (config) => (config.assets?.binding ? [{ type: "assets", name: config.assets.binding }] : []),
});
