import { expect, test } from "vitest";
import * as workers from "./workers.js";

test("cloudflare:workers exports what workerd's module exports, and no more", () => {
  expect(Object.keys(workers).toSorted()).toEqual([
    "DurableObject",
    "RpcPromise",
    "RpcProperty",
    "RpcStub",
    "RpcTarget",
    "ServiceStub",
    "WorkerEntrypoint",
    "WorkflowEntrypoint",
    "abortIsolate",
    "cache",
    "env",
    "exports",
    "restore",
    "tracing",
    "waitUntil",
    "withEnv",
    "withEnvAndExports",
    "withExports",
  ]);
  expect(workers.ServiceStub.name).toBe("Fetcher");
});

test("restore is a unique symbol, as in workerd", () => {
  expect(typeof workers.restore).toBe("symbol");
  expect(String(workers.restore)).toBe("Symbol(cloudflare:workers:restore)");
  expect(workers.restore).not.toBe(Symbol.for("cloudflare:workers:restore"));
});

test("cache.purge() and cache.invalidate() reject: there is no edge cache in dev", async () => {
  await expect(workers.cache.purge({ tags: ["a"] })).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: [kindling] cache.purge() of cloudflare:workers (a purge of Cloudflare's edge cache) is not implemented yet in Kindling's local runtime. Please open an issue if your worker needs it.]`,
  );
  await expect(workers.cache.invalidate({ purgeEverything: true })).rejects.toThrowErrorMatchingInlineSnapshot(
    `[Error: [kindling] cache.invalidate() of cloudflare:workers (an invalidation of Cloudflare's edge cache) is not implemented yet in Kindling's local runtime. Please open an issue if your worker needs it.]`,
  );
});
