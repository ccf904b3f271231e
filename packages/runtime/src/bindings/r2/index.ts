/** R2 buckets (`r2_buckets` in wrangler config). */
import { systemClock, type Clock } from "../../storage/clock.js";
import { statePaths } from "../../storage/state-path.js";
import { R2Bucket } from "./r2-bucket.js";
import { R2Storage } from "./storage.js";

export { R2Bucket } from "./r2-bucket.js";
export { R2MultipartUpload } from "./r2-multipart-upload.js";
export { R2Checksums, R2Object, R2ObjectBody } from "./r2-object.js";

export interface R2Descriptor {
  type: "r2";
  name: string;
  /** Names the state file `<persist>/r2/<bucketName>.sqlite`. */
  bucketName: string;
}

export function createR2Bucket(descriptor: R2Descriptor, persist: string | false, clock: Clock = systemClock): R2Bucket {
  return new R2Bucket(new R2Storage(statePaths(persist, "r2", descriptor.bucketName)), clock);
}
