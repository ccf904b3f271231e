import { expect, test } from "vitest";
import { wranglerConfigSchema } from "../schema.js";
import { readDurableObjects } from "./durable-objects.js";

const read = (config: unknown) => readDurableObjects(wranglerConfigSchema.parse(config), "wrangler.jsonc");
const errorOf = (config: unknown) => {
  try {
    read(config);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected an error");
};
const bindings = (...pairs: [string, string][]) => ({
  durable_objects: { bindings: pairs.map(([name, class_name]) => ({ name, class_name })) },
});

test("migrations decide SQLite vs KV backing; renames keep the storage folder", () => {
  const descriptors = read({
    ...bindings(["A", "Alpha"], ["B", "Beta"], ["C", "Gamma"]),
    migrations: [
      { tag: "v1", new_sqlite_classes: ["Alpha", "Old"], new_classes: ["Beta"] },
      { tag: "v2", renamed_classes: [{ from: "Old", to: "Gamma" }] },
    ],
  });
  expect(descriptors).toEqual([
    { type: "durable_object_namespace", name: "A", className: "Alpha", sqlite: true, storageName: "Alpha" },
    { type: "durable_object_namespace", name: "B", className: "Beta", sqlite: false, storageName: "Beta" },
    { type: "durable_object_namespace", name: "C", className: "Gamma", sqlite: true, storageName: "Old" },
  ]);
});

test("a class bound but never migrated names the binding and shows the fix", () => {
  expect(errorOf(bindings(["COUNTER", "Counter"]))).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "durable_objects.bindings[0]" binds class "Counter", but no migration creates it. Add one, e.g. "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }]."`,
  );
});

test("a deleted class names the migration that deleted it", () => {
  const config = {
    ...bindings(["COUNTER", "Counter"]),
    migrations: [
      { tag: "v1", new_sqlite_classes: ["Counter"] },
      { tag: "v2", deleted_classes: ["Counter"] },
    ],
  };
  expect(errorOf(config)).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "durable_objects.bindings[0]" binds class "Counter", which migration "v2" deletes (deleted_classes). Remove the binding, or remove the class from "deleted_classes"."`,
  );
});

test("migrations that contradict earlier ones are rejected", () => {
  expect(
    errorOf({
      ...bindings(["A", "A"]),
      migrations: [
        { tag: "v1", new_classes: ["A"] },
        { tag: "v2", new_sqlite_classes: ["A"] },
      ],
    }),
  ).toMatchInlineSnapshot(
    `"[kindling] wrangler.jsonc: "migrations[1]" (new_sqlite_classes) creates class "A", which an earlier migration already created."`,
  );
  expect(
    errorOf({ migrations: [{ tag: "v1", renamed_classes: [{ from: "X", to: "Y" }] }], ...bindings(["Y", "Y"]) }),
  ).toMatchInlineSnapshot(`"[kindling] wrangler.jsonc: "migrations[0]" renames class "X", which no earlier migration created."`);
});

test("a class of another worker (script_name) needs no local migration", () => {
  const descriptors = read({ durable_objects: { bindings: [{ name: "R", class_name: "Room", script_name: "chat" }] } });
  expect(descriptors[0]).toMatchObject({ className: "Room", scriptName: "chat" });
});
