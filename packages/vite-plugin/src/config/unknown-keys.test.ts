import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-keys-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (config: object, envName?: string) => {
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ main: "index.ts", ...config }));
  return resolveWorkerConfig({ root, envName });
};

test("a typo inside a binding entry is a warning with its full path and a guess", () => {
  const config = resolve({
    kv_namespaces: [{ binding: "KV", id: "kv", previw_id: "x" }],
    r2_buckets: [{ binding: "R2", bucket_nam: "b" }],
    d1_databases: [{ binding: "DB", database_name: "db", migrations_folder: "m" }],
    durable_objects: { bindings: [{ name: "DO", class_name: "Counter", scrpt_name: "x" }] },
    migrations: [{ tag: "v1", new_sqlite_classes: ["Counter"], new_sqlite_class: ["Other"] }],
    send_email: [{ name: "MAIL", destination_adress: "a@example.com" }],
    triggers: { crons: [], cron: "* * * * *" },
  });
  expect(config.warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: "kv_namespaces[0].previw_id" is not a field wrangler knows, and is ignored. Did you mean "preview_id"?",
      "[kindling] wrangler.jsonc: "r2_buckets[0].bucket_nam" is not a field wrangler knows, and is ignored. Did you mean "bucket_name"?",
      "[kindling] wrangler.jsonc: "d1_databases[0].migrations_folder" is not a field wrangler knows, and is ignored. Did you mean "migrations_dir"?",
      "[kindling] wrangler.jsonc: "durable_objects.bindings[0].scrpt_name" is not a field wrangler knows, and is ignored. Did you mean "script_name"?",
      "[kindling] wrangler.jsonc: "migrations[0].new_sqlite_class" is not a field wrangler knows, and is ignored. Did you mean "new_sqlite_classes"?",
      "[kindling] wrangler.jsonc: "send_email[0].destination_adress" is not a field wrangler knows, and is ignored. Did you mean "destination_address"?",
      "[kindling] wrangler.jsonc: "triggers.cron" is not a field wrangler knows, and is ignored. Did you mean "crons"?",
    ]
  `);
});

test("a typo that drops a required key shows the warning under the error it explains", () => {
  expect(() => resolve({ kv_namespaces: [{ bindng: "KV" }] })).toThrowErrorMatchingInlineSnapshot(`
    [KindlingConfigError: [kindling] wrangler.jsonc: "kv_namespaces[0].binding" is required (expected a string).
    [kindling] wrangler.jsonc: "kv_namespaces[0].bindng" is not a field wrangler knows, and is ignored. Did you mean "binding"?]
  `);
});

test("entries of every kind get their keys checked, those Kindling does not run yet too, at the top level and in env sections", () => {
  const config = resolve({
    services: [{ binding: "API", service: "api", entrypint: "Api" }],
    queues: { producers: [{ binding: "Q", queue: "q", delivery_dealy: 5 }] },
    ai: { binding: "AI", remot: true },
    kv_namespace: [{ binding: "KV" }],
    env: { staging: { vars: {}, r2_bucket: [] } },
  });
  expect(config.warnings).toMatchInlineSnapshot(`
    [
      "[kindling] wrangler.jsonc: "services[0].entrypint" is not a field wrangler knows, and is ignored. Did you mean "entrypoint"?",
      "[kindling] wrangler.jsonc: "queues.producers[0].delivery_dealy" is not a field wrangler knows, and is ignored. Did you mean "delivery_delay"?",
      "[kindling] wrangler.jsonc: "ai.remot" is not a field wrangler knows, and is ignored. Did you mean "remote"?",
      "[kindling] wrangler.jsonc: "kv_namespace" is not a field wrangler knows, and is ignored. Did you mean "kv_namespaces"?",
      "[kindling] wrangler.jsonc: "env.staging.r2_bucket" is not a field wrangler knows, and is ignored. Did you mean "r2_buckets"?",
      "[kindling] wrangler.jsonc: env.AI (Workers AI, "ai") cannot run locally; using it throws an error that says why.",
    ]
  `);
});

test("every key wrangler documents passes without a word, deprecated spellings it still reads included", () => {
  const config = resolve({
    $schema: "node_modules/wrangler/config-schema.json",
    name: "app",
    account_id: "x",
    observability: { enabled: true, logs: { invocation_logs: true } },
    kv_namespaces: [{ binding: "KV", id: "kv", preview_id: "p", remote: false }],
    r2_buckets: [{ binding: "R2", bucket_name: "b", jurisdiction: "eu", preview_bucket_name: "p" }],
    d1_databases: [{ binding: "DB", database_name: "db", database_id: "id", migrations_dir: "m", migrations_table: "t" }],
    durable_objects: {
      bindings: [
        { name: "DO", class_name: "Counter", environment: "x" },
        { name: "EXT", class_name: "Remote", script_name: "other" },
      ],
    },
    migrations: [
      { tag: "v1", new_sqlite_classes: ["Counter"], new_classes: ["Old", "Gone"], deleted_classes: [] },
      { tag: "v2", renamed_classes: [{ from: "Old", to: "Older" }] },
      { tag: "v3", transferred_classes: [{ from: "Gone", from_script: "other", to: "Moved" }] },
    ],
    send_email: [
      { name: "MAIL", destination_address: "a@example.com", experimental_remote: false, remote: false },
      { name: "MAIL2", allowed_destination_addresses: ["a@example.com"], allowed_sender_addresses: ["b@example.com"] },
    ],
    triggers: { crons: ["0 * * * *"] },
    vars: { ANY_NAME: { nested: { keys: "are values" } } },
    usage_model: "bundled",
    env: { staging: { vars: { A: "1" }, kv_namespaces: [{ binding: "KV", id: "staging" }] } },
  });
  expect(config.warnings).toEqual([]);
});
