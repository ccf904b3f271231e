import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { resolveWorkerConfig } from "./resolve-worker-config.js";

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "kindling-names-"));
  fs.writeFileSync(path.join(root, "index.ts"), "export default {}");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const resolve = (config: object, envName?: string) => {
  fs.writeFileSync(path.join(root, "wrangler.jsonc"), JSON.stringify({ main: "index.ts", ...config }));
  return resolveWorkerConfig({ root, envName });
};

test("one name bound by a var, two KV namespaces and an R2 bucket is an error naming every place", () => {
  expect(() =>
    resolve({
      vars: { KV: "v" },
      kv_namespaces: [
        { binding: "KV", id: "a" },
        { binding: "KV", id: "b" },
      ],
      r2_buckets: [{ binding: "KV", bucket_name: "b" }],
    }),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "KV" names more than one binding: "kv_namespaces[0].binding" (KV Namespace), "kv_namespaces[1].binding" (KV Namespace), "r2_buckets[0].binding" (R2 Bucket) and "vars.KV" (Environment Variable). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.]`,
  );
});

test("names are compared across every kind, the unsupported ones and send_email included", () => {
  expect(() =>
    resolve({
      durable_objects: { bindings: [{ name: "MAIL", class_name: "Counter" }] },
      migrations: [{ tag: "v1", new_sqlite_classes: ["Counter"] }],
      send_email: [{ name: "MAIL" }],
      services: [{ binding: "AI", service: "other" }],
      ai: { binding: "AI" },
      queues: { producers: [{ binding: "Q", queue: "q" }], consumers: [{ queue: "q" }] },
      d1_databases: [{ binding: "Q", database_name: "db" }],
    }),
  ).toThrowErrorMatchingInlineSnapshot(`
    [KindlingConfigError: [kindling] wrangler.jsonc: "MAIL" names more than one binding: "durable_objects.bindings[0].name" (Durable Object) and "send_email[0].name" (Send Email). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.
    [kindling] wrangler.jsonc: "Q" names more than one binding: "queues.producers[0].binding" (Queue) and "d1_databases[0].binding" (D1 Database). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.
    [kindling] wrangler.jsonc: "AI" names more than one binding: "services[0].binding" (Worker) and "ai.binding" (AI). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.]
  `);
});

test("in an environment, the places are the section's keys", () => {
  expect(() =>
    resolve(
      {
        vars: { TOP: "1" },
        env: { staging: { vars: { DB: "x" }, d1_databases: [{ binding: "DB", database_name: "db" }] } },
      },
      "staging",
    ),
  ).toThrowErrorMatchingInlineSnapshot(
    `[KindlingConfigError: [kindling] wrangler.jsonc: "DB" names more than one binding: "env.staging.d1_databases[0].binding" (D1 Database) and "env.staging.vars.DB" (Environment Variable). Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.]`,
  );
});

test("distinct names pass, and a secret may override a var of the same name", () => {
  fs.writeFileSync(path.join(root, ".dev.vars"), "TOKEN=secret\n");
  const config = resolve({ vars: { TOKEN: "public" }, kv_namespaces: [{ binding: "KV" }], r2_buckets: [{ binding: "R2" }] });
  expect(config.vars).toEqual({ TOKEN: "secret" });
  expect(config.warnings).toEqual([]);
});

test("a .dev.vars secret named like a binding is dropped with a warning: the binding wins, as in wrangler dev", () => {
  fs.writeFileSync(path.join(root, ".dev.vars"), "KV=secret\nOTHER=1\n");
  const config = resolve({ kv_namespaces: [{ binding: "KV" }] });
  expect(config.vars).toEqual({ OTHER: "1" });
  expect(config.warnings).toMatchInlineSnapshot(`
    [
      "[kindling] .dev.vars: "KV" is also the name of the KV Namespace binding "kv_namespaces[0].binding" in wrangler.jsonc; the binding wins and this value is ignored, as in wrangler dev. Rename one of them.",
    ]
  `);
});
