/** `r2_buckets` -> R2 binding descriptors. */
import type { BindingDescriptor } from "@kindling/runtime/protocol";
import type { WranglerConfig } from "../schema.js";

export function readR2Buckets(config: WranglerConfig): BindingDescriptor[] {
  return (config.r2_buckets ?? []).map((r2) => ({ type: "r2", name: r2.binding, bucketName: r2.bucket_name ?? r2.binding }));
}
