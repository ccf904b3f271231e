/** R2 buckets (`r2_buckets` in wrangler config). */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { systemClock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import type { BindingContext } from "../context.js";
import { R2Bucket } from "./r2-bucket.js";
import { R2Storage } from "./storage.js";
import type { TraceSpec } from "../traced-binding.js";

export { R2Bucket } from "./r2-bucket.js";
export { R2MultipartUpload } from "./r2-multipart-upload.js";
export { R2Checksums, R2Object, R2ObjectBody } from "./r2-object.js";

export function createR2Bucket(
  descriptor: BindingDescriptor<"r2">,
  { persist, clock = systemClock }: Pick<BindingContext, "persist"> & Partial<Pick<BindingContext, "clock">>,
): R2Bucket {
  return new R2Bucket(new R2Storage(statePaths(persist, "r2", descriptor.bucketName)), clock);
}

/** R2 calls shown in request traces. */
export const r2Trace: TraceSpec = {
  head: { detail: (args) => String(args[0]), result: (value) => (value === null ? "not found" : undefined) },
  get: { detail: (args) => String(args[0]), result: (value) => (value === null ? "not found" : undefined) },
  put: { detail: (args) => String(args[0]) },
  delete: { detail: (args) => (Array.isArray(args[0]) ? args[0].join(", ") : String(args[0])) },
  list: {
    detail: (args) => `prefix=${JSON.stringify((args[0] as { prefix?: string } | undefined)?.prefix ?? "")}`,
    result: (value) => `${(value as { objects: unknown[] }).objects.length} objects`,
  },
  createMultipartUpload: { detail: (args) => String(args[0]) },
};
