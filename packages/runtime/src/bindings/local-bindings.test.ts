/** The small local-only bindings: version metadata, rate limits, Analytics Engine, Hyperdrive, Secrets Store, unavailable kinds. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { ManualClock } from "../storage/clock.js";
import { createVersionMetadata } from "./version-metadata/index.js";
import { createRateLimiter } from "./ratelimit/index.js";
import { createAnalyticsEngineDataset } from "./analytics-engine/index.js";
import { AnalyticsEngineStorage } from "./analytics-engine/storage.js";
import { createHyperdrive } from "./hyperdrive/index.js";
import { createSecretsStoreSecret, secretsStoreFile, SecretsStoreStorage } from "./secrets-store/index.js";
import { createUnavailableBinding } from "./unavailable/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function stateDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-bindings-"));
  dirs.push(dir);
  return dir;
}
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable(),
    (error: Error) => error,
  );

test("version_metadata gives an id, an empty tag and the generation's start time", () => {
  const clock = new ManualClock(Date.UTC(2026, 11, 1));
  const metadata = createVersionMetadata({ type: "version_metadata", name: "VM" }, { clock });
  expect(metadata.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(metadata).toMatchObject({ tag: "", timestamp: "2026-12-01T00:00:00.000Z" });
  expect(createVersionMetadata({ type: "version_metadata", name: "OTHER" }, { clock }).id).toBe(metadata.id);
});

test("a rate limiter counts per key in windows aligned to the clock, and its counters outlive the binding", async () => {
  const persist = stateDir();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const descriptor = { type: "ratelimit" as const, name: "RL", namespaceId: "1001", limit: 2, period: 10 };
  const limiter = createRateLimiter(descriptor, { persist, clock });
  expect(limiter.constructor.name).toBe("Ratelimit");
  expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
  expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
  expect(await limiter.limit({ key: "a" })).toEqual({ success: false });
  expect(await limiter.limit({ key: "b" })).toEqual({ success: true });
  // A new generation (a new binding object on the same state) sees the same window.
  expect(await createRateLimiter(descriptor, { persist, clock }).limit({ key: "a" })).toEqual({ success: false });
  clock.advance(10_000);
  expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
  expect(await limiter.limit({ key: "a", limit: 1, period: 60 })).toEqual({ success: true });
  expect(await limiter.limit({ key: "a", limit: 1, period: 60 })).toEqual({ success: false });
});

test("a rate limiter rejects bad options with workerd's wording", async () => {
  const limiter = createRateLimiter(
    { type: "ratelimit", name: "RL", namespaceId: "1", limit: 1, period: 60 },
    { persist: stateDir(), clock: new ManualClock() },
  );
  const messages = await Promise.all(
    [{ key: 1 }, { foo: 1 }, { key: "a", period: 5 }, { limit: "x" }, null].map(
      async (options) => (await rejection(limiter.limit(options as never))).message,
    ),
  );
  expect(messages).toMatchInlineSnapshot(`
    [
      "invalid key: 1",
      "bad rate limit options: [foo]",
      "unsupported period: 5",
      "limit must be a number: x",
      "invalid rate limit options",
    ]
  `);
});

test("writeDataPoint records data points in Analytics Engine's columns and validates as workerd does", () => {
  const persist = stateDir();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const dataset = createAnalyticsEngineDataset({ type: "analytics_engine", name: "AE", dataset: "events" }, { persist, clock });
  // Production's class: workerd's api::AnalyticsEngine.
  expect(dataset.constructor.name).toBe("AnalyticsEngine");
  dataset.writeDataPoint({
    indexes: ["user-1"],
    blobs: ["/home", null, new TextEncoder().encode("b").buffer],
    doubles: [1.5, 2],
  });
  dataset.writeDataPoint();
  const rows = new AnalyticsEngineStorage(path.join(persist, "analytics-engine", "events.sqlite"), "events").all();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({ timestamp: clock.now(), dataset: "events", index1: "user-1", blob1: "/home", blob2: null });
  expect(rows[0]).toMatchObject({ double1: 1.5, double2: 2, double3: 0, _sample_interval: 1 });
  expect(new Uint8Array(rows[0]!.blob3 as Buffer)).toEqual(new TextEncoder().encode("b"));
  expect(rows[1]).toMatchObject({ index1: "", blob1: null, double1: 0 });
  const errors = [
    { indexes: ["a", "b"] },
    { indexes: ["x".repeat(97)] },
    { blobs: Array(21).fill("b") },
    { blobs: ["x".repeat(16_001)] },
    { doubles: Array(21).fill(1) },
  ].map((event) => {
    try {
      dataset.writeDataPoint(event);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
    return "no error";
  });
  expect(errors).toMatchInlineSnapshot(`
    [
      "TypeError: writeDataPoint(): Maximum of 1 indexes supported.",
      "TypeError: writeDataPoint(): Size of indexes[0] exceeds 96 bytes).",
      "TypeError: writeDataPoint(): Maximum of 20 blobs supported.",
      "TypeError: writeDataPoint(): Cumulative size of blobs exceeds 16000 bytes).",
      "TypeError: writeDataPoint(): Maximum of 20 doubles supported.",
    ]
  `);
});

test("Hyperdrive hands out its local name with the local database's user, password and database", () => {
  const hyperdrive = createHyperdrive({
    type: "hyperdrive",
    name: "HD",
    id: "abc",
    localConnectionString: "postgres://us%40er:p%2Fss@localhost:5433/my%20app",
  });
  const host = hyperdrive.host;
  expect(host).toMatch(/^[0-9a-f]{32}\.hyperdrive\.local$/);
  expect(hyperdrive.ip).toMatch(/^240\.0\.\d+\.\d+$/);
  // workerd's own properties, in its order; its connection string is not re-encoded (api/hyperdrive.c++).
  expect(Object.entries(hyperdrive).map(([key, value]) => [key, String(value).replace(host, "<host>")])).toEqual([
    ["connectionString", "postgres://us@er:p/ss@<host>:5432/my app?sslmode=disable"],
    ["port", "5432"],
    ["ip", hyperdrive.ip],
    ["host", "<host>"],
    ["password", "p/ss"],
    ["user", "us@er"],
    ["database", "my app"],
  ]);
  const mysql = createHyperdrive({ type: "hyperdrive", name: "MY", id: "m", localConnectionString: "mysql://u:p@localhost/db" });
  expect(mysql.connectionString.replace(mysql.host, "<host>")).toBe("mysql://u:p@<host>:3306/db?ssl-mode=disabled");
  const missing = createHyperdrive({ type: "hyperdrive", name: "HD", id: "abc" });
  expect(() => missing.host).toThrowErrorMatchingInlineSnapshot(
    `[Error: When developing locally, you should use a local Postgres connection string to emulate Hyperdrive functionality. Please setup Postgres locally and set the value of the 'CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HD' variable or "HD"'s "localConnectionString" to the Postgres connection string.]`,
  );
});

test("a Secrets Store secret reads the local store, with Cloudflare's error for a missing one", async () => {
  const persist = stateDir();
  const descriptor = { type: "secrets_store_secret" as const, name: "KEY", storeId: "store-1", secretName: "API_KEY" };
  const secret = createSecretsStoreSecret(descriptor, { persist });
  expect((await rejection(secret.get())).message).toMatchInlineSnapshot(`"Secret "API_KEY" not found"`);
  const store = new SecretsStoreStorage(secretsStoreFile(persist, "store-1"));
  store.put("API_KEY", "s3cret", 1);
  store.close();
  expect(await secret.get()).toBe("s3cret");
});

test("a binding that cannot run locally is on env, and any use names it and says what to do", () => {
  const ai = createUnavailableBinding({
    type: "unavailable",
    name: "AI",
    configKey: "ai",
    product: "Workers AI",
    message: "It runs only on Cloudflare's network.",
  }) as Record<string, (...args: unknown[]) => unknown>;
  expect(typeof ai).toBe("object");
  expect(String(Object.prototype.toString.call(ai))).toBe("[object Workers AI]");
  expect((ai as { then?: unknown }).then).toBeUndefined();
  expect(() => ai.run!("@cf/model", {})).toThrowErrorMatchingInlineSnapshot(
    `[Error: [kindling] env.AI (Workers AI, "ai" in your wrangler config) is not available in local development. It runs only on Cloudflare's network.]`,
  );
});
