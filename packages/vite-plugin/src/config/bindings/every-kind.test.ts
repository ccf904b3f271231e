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

const resolve = (config: object, processEnv: Record<string, string> = {}) => {
  fs.writeFileSync(path.join(root, "wrangler.json"), JSON.stringify({ name: "app", main: "index.ts", ...config }));
  return resolveWorkerConfig({ root, processEnv });
};

test("the local-only kinds become descriptors", () => {
  const config = resolve(
    {
      version_metadata: { binding: "VERSION" },
      ratelimits: [{ name: "LIMITER", namespace_id: "1001", simple: { limit: 5, period: 60 } }],
      unsafe: { bindings: [{ name: "OLD_LIMITER", type: "ratelimit", namespace_id: "1002", simple: { limit: 1, period: 10 } }] },
      analytics_engine_datasets: [{ binding: "EVENTS", dataset: "events" }, { binding: "DEFAULT_NAMED" }],
      hyperdrive: [
        { binding: "DB", id: "abc", localConnectionString: "postgres://localhost/app" },
        { binding: "FROM_ENV", id: "def" },
      ],
      secrets_store_secrets: [{ binding: "API_KEY", store_id: "store-1", secret_name: "api-key" }],
    },
    { CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_FROM_ENV: "postgres://env-host/db" },
  );
  expect(config.bindings).toEqual([
    { type: "version_metadata", name: "VERSION" },
    { type: "ratelimit", name: "LIMITER", namespaceId: "1001", limit: 5, period: 60 },
    { type: "ratelimit", name: "OLD_LIMITER", namespaceId: "1002", limit: 1, period: 10 },
    { type: "analytics_engine", name: "EVENTS", dataset: "events" },
    { type: "analytics_engine", name: "DEFAULT_NAMED", dataset: "DEFAULT_NAMED" },
    { type: "hyperdrive", name: "DB", id: "abc", localConnectionString: "postgres://localhost/app" },
    { type: "hyperdrive", name: "FROM_ENV", id: "def", localConnectionString: "postgres://env-host/db" },
    { type: "secrets_store_secret", name: "API_KEY", storeId: "store-1", secretName: "api-key" },
  ]);
  expect(config.warnings).toEqual([]);
});

test("kinds that cannot run locally are on env as unavailable bindings, each announced once", () => {
  const config = resolve({
    ai: { binding: "AI" },
    vectorize: [{ binding: "INDEX", index_name: "i" }],
    browser: { binding: "BROWSER" },
    dispatch_namespaces: [{ binding: "DISPATCH", namespace: "n" }],
    unsafe: { bindings: [{ name: "CUSTOM", type: "something" }] },
  });
  expect(config.bindings.map((b) => [b.name, b.type, b.type === "unavailable" ? b.product : ""])).toEqual([
    ["AI", "unavailable", "Workers AI"],
    ["INDEX", "unavailable", "Vectorize Index"],
    ["BROWSER", "unavailable", "Browser Rendering"],
    ["DISPATCH", "unavailable", "Dispatch Namespace"],
    ["CUSTOM", "unavailable", 'unsafe binding of type "something"'],
  ]);
  expect(config.warnings[0]).toMatchInlineSnapshot(
    `"[kindling] wrangler.json: env.AI (Workers AI, "ai") cannot run locally; using it throws an error that says why."`,
  );
  expect(config.warnings).toHaveLength(5);
});

test("a rate limit period other than 10 or 60 seconds names the key", () => {
  expect(() =>
    resolve({ ratelimits: [{ name: "L", namespace_id: "1", simple: { limit: 5, period: 30 } }] }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "ratelimits[0].simple.period" must be 10 or 60, got 30.]`,
  );
});

test("services become service descriptors: the worker, its entrypoint and props", () => {
  const config = resolve({
    services: [
      { binding: "API", service: "api" },
      { binding: "ADMIN", service: "api", entrypoint: "Admin", props: { role: "admin", level: 2 } },
    ],
  });
  expect(config.bindings).toEqual([
    { type: "service", name: "API", service: "api" },
    { type: "service", name: "ADMIN", service: "api", entrypoint: "Admin", props: { role: "admin", level: 2 } },
  ]);
  expect(config.warnings).toEqual([]);
  expect(() => resolve({ services: [{ binding: "API", service: "api", props: "admin" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "services[0].props" must be an object, got "admin".]`,
  );
  expect(() => resolve({ services: [{ binding: "API" }] })).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.json: "services[0].service" is required (expected a string).]`,
  );
});

test("the Durable Object classes a worker defines come from its migrations, renames keeping the first name", () => {
  const config = resolve({
    migrations: [
      { tag: "v1", new_sqlite_classes: ["Room"], new_classes: ["Old"] },
      { tag: "v2", renamed_classes: [{ from: "Old", to: "Lobby" }] },
    ],
  });
  expect(config.durableObjectClasses).toEqual([
    { className: "Room", storageName: "Room", sqlite: true },
    { className: "Lobby", storageName: "Old", sqlite: false },
  ]);
});
