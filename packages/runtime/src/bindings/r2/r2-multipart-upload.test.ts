import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { ManualClock } from "../../storage/clock.js";
import { createR2Bucket, type R2Bucket, type R2ObjectBody } from "./index.js";

const MiB = 1024 * 1024;
let dir: string;
let bucket: R2Bucket;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-r2mp-"));
  bucket = createR2Bucket({ type: "r2", name: "B", bucketName: "b" }, { persist: dir, clock: new ManualClock() });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const filled = (size: number, byte: number) => new Uint8Array(size).fill(byte);

test("uploads parts, resumes, and completes into one object with a multipart etag", async () => {
  const upload = await bucket.createMultipartUpload("big", {
    httpMetadata: { contentType: "video/mp4" },
    customMetadata: { a: "b" },
  });
  const part1 = await upload.uploadPart(1, filled(5 * MiB, 1));
  const resumed = bucket.resumeMultipartUpload("big", upload.uploadId);
  const part2 = await resumed.uploadPart(2, filled(3, 2));
  expect(await bucket.head("big")).toBeNull();
  const object = await resumed.complete([part1, part2]);
  expect(object).toMatchObject({
    key: "big",
    size: 5 * MiB + 3,
    httpMetadata: { contentType: "video/mp4" },
    customMetadata: { a: "b" },
  });
  expect(object.etag).toMatch(/^[0-9a-f]{32}-2$/);
  const body = await ((await bucket.get("big", { range: { suffix: 4 } })) as R2ObjectBody).bytes();
  expect(body).toEqual(new Uint8Array([1, 2, 2, 2]));
  // Parts were joined into the object's one blob and removed.
  expect(fs.readdirSync(path.join(dir, "r2/b.blobs"))).toHaveLength(1);
  await upload.abort(); // aborting a completed upload changes nothing
  expect((await bucket.head("big"))?.size).toBe(5 * MiB + 3);
});

test("enforces R2's part rules", async () => {
  const upload = await bucket.createMultipartUpload("k");
  const small = await upload.uploadPart(1, filled(10, 1));
  const last = await upload.uploadPart(2, filled(10, 2));
  await expect(upload.complete([small, last])).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: completeMultipartUpload: Your proposed upload is smaller than the minimum allowed object size. (10011)]`,
  );
  const a = await upload.uploadPart(1, filled(5 * MiB, 1));
  const b = await upload.uploadPart(2, filled(5 * MiB + 1, 2));
  const c = await upload.uploadPart(3, filled(1, 3));
  await expect(upload.complete([a, b, c])).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: completeMultipartUpload: There was a problem with the multipart upload. (10048)]`,
  );
  await expect(upload.complete([{ partNumber: 1, etag: "wrong" }])).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: completeMultipartUpload: One or more of the specified parts could not be found. (10025)]`,
  );
  await expect(upload.uploadPart(0, "x")).rejects.toThrowErrorMatchingInlineSnapshot(
    `[TypeError: Part number must be between 1 and 10000 (inclusive). Actual value was: 0]`,
  );
  expect((await upload.complete([a])).size).toBe(5 * MiB);
});

test("an aborted or unknown upload rejects new parts", async () => {
  const upload = await bucket.createMultipartUpload("k");
  await upload.uploadPart(1, "x");
  await upload.abort();
  expect(fs.readdirSync(path.join(dir, "r2/b.blobs"))).toHaveLength(0);
  await expect(upload.uploadPart(2, "y")).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: uploadPart: The specified multipart upload does not exist. (10024)]`,
  );
  await expect(upload.complete([])).rejects.toThrow(
    "completeMultipartUpload: The specified multipart upload does not exist. (10024)",
  );
  await expect(bucket.resumeMultipartUpload("k", "nope").abort()).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: abortMultipartUpload: We encountered an internal error. Please try again. (10001)]`,
  );
});
