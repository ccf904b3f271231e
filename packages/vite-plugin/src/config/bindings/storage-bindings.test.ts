import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "../resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-config-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (config: object) => {
  fs.writeFileSync(path.join(root, "wrangler.json"), JSON.stringify({ main: "index.ts", ...config }));
  return resolveWorkerConfig({ root });
};

test("kv_namespaces and r2_buckets become binding descriptors without warnings", () => {
  const config = resolve({
    kv_namespaces: [{ binding: "KV", id: "0f2ac74b498b48028cb68387c421e279" }, { binding: "CACHE_KV" }],
    r2_buckets: [{ binding: "BUCKET", bucket_name: "my-bucket" }, { binding: "OTHER" }],
  });
  expect(config.bindings).toEqual([
    { type: "kv", name: "KV", id: "0f2ac74b498b48028cb68387c421e279" },
    { type: "kv", name: "CACHE_KV", id: "CACHE_KV" },
    { type: "r2", name: "BUCKET", bucketName: "my-bucket" },
    { type: "r2", name: "OTHER", bucketName: "OTHER" },
  ]);
  expect(config.warnings).toEqual([]);
});

test("an id or bucket name that cannot name a state file is a config error", () => {
  expect(() => resolve({ kv_namespaces: [{ binding: "KV", id: "../escape" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "kv_namespaces[0].id" must contain only letters, digits, ".", "_" and "-" (it names a local state file), got "../escape".]`,
  );
  expect(() => resolve({ r2_buckets: [{ bucket_name: "b" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "r2_buckets[0].binding" is required (expected a string).]`,
  );
});
