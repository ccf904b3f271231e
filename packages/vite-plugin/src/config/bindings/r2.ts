/** `r2_buckets` -> R2 binding descriptors. */
import { z } from "zod";
import { defineConfigUnit, stateNameMessage, stateNamePattern } from "./define.js";

const r2Bucket = z.looseObject({
  binding: z.string().min(1),
  bucket_name: z.string().min(1).regex(stateNamePattern, stateNameMessage).optional(),
  preview_bucket_name: z.string().optional(),
  jurisdiction: z.string().optional(),
});

export const r2Config = defineConfigUnit({
  shape: { r2_buckets: z.array(r2Bucket).optional() },
  read: (config) =>
    (config.r2_buckets ?? []).map((r2) => ({ type: "r2", name: r2.binding, bucketName: r2.bucket_name ?? r2.binding })),
});
