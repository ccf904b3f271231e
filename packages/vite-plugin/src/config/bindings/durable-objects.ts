/** `durable_objects.bindings` + `migrations` -> Durable Object namespace descriptors. */
import { z } from "zod";
import type { BindingDescriptor, DurableObjectClass } from "@kindling/runtime/protocol";
import { KindlingConfigError } from "../errors.js";
import { defineConfigUnit } from "./define.js";

type DurableObjectDescriptor = BindingDescriptor<"durable_object_namespace">;

const className = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "must be a JavaScript class name");

const durableObjectBinding = z.looseObject({
  name: z.string().min(1),
  class_name: className,
  /** A class exported by another worker. */
  script_name: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
});

/** One entry of `migrations`, applied in order (https://developers.cloudflare.com/durable-objects/reference/durable-objects-migrations/). */
const migration = z.looseObject({
  tag: z.string().min(1),
  new_classes: z.array(className).optional(),
  new_sqlite_classes: z.array(className).optional(),
  renamed_classes: z.array(z.looseObject({ from: className, to: className })).optional(),
  deleted_classes: z.array(className).optional(),
  transferred_classes: z.array(z.looseObject({ from: className, from_script: z.string(), to: className })).optional(),
});

const shape = {
  durable_objects: z.looseObject({ bindings: z.array(durableObjectBinding) }).optional(),
  migrations: z.array(migration).optional(),
};

type DurableObjectsConfig = z.infer<z.ZodObject<typeof shape>>;

export const durableObjectsConfig = defineConfigUnit({
  shape,
  read: (config, { fileName, workerName }) => readDurableObjects(config, fileName, workerName),
});

interface ClassState {
  sqlite: boolean;
  storageName: string;
}

export function readDurableObjects(
  config: DurableObjectsConfig,
  fileName = "wrangler config",
  workerName?: string,
): DurableObjectDescriptor[] {
  const bindings = config.durable_objects?.bindings ?? [];
  if (bindings.length === 0) return [];
  const { classes, deleted } = applyMigrations(config, fileName);
  return bindings.map((binding, index) => {
    const where = `"durable_objects.bindings[${index}]"`;
    const external = binding.script_name !== undefined && binding.script_name !== workerName;
    if (external) {
      // The class lives in another worker, whose own config holds its migrations.
      return {
        type: "durable_object_namespace",
        name: binding.name,
        className: binding.class_name,
        scriptName: binding.script_name,
        sqlite: true,
        storageName: binding.class_name,
      };
    }
    const state = classes.get(binding.class_name);
    if (!state) {
      const tag = deleted.get(binding.class_name);
      throw new KindlingConfigError(
        tag
          ? `[kindling] ${fileName}: ${where} binds class "${binding.class_name}", which migration "${tag}" deletes ` +
              `(deleted_classes). Remove the binding, or remove the class from "deleted_classes".`
          : `[kindling] ${fileName}: ${where} binds class "${binding.class_name}", but no migration creates it. ` +
              `Add one, e.g. "migrations": [{ "tag": "v1", "new_sqlite_classes": ["${binding.class_name}"] }].`,
      );
    }
    return {
      type: "durable_object_namespace",
      name: binding.name,
      className: binding.class_name,
      sqlite: state.sqlite,
      storageName: state.storageName,
    };
  });
}

/** The classes a worker's migrations define: its Durable Objects live in its generations, whoever binds them. */
export function readDurableObjectClasses(config: DurableObjectsConfig, fileName = "wrangler config"): DurableObjectClass[] {
  const { classes } = applyMigrations(config, fileName);
  return [...classes].map(([className, { sqlite, storageName }]) => ({ className, storageName, sqlite }));
}

/** Replays `migrations` in order, as Cloudflare does on deploy. */
function applyMigrations(config: DurableObjectsConfig, fileName: string) {
  const classes = new Map<string, ClassState>();
  const deleted = new Map<string, string>();
  const fail = (index: number, message: string): never => {
    throw new KindlingConfigError(`[kindling] ${fileName}: "migrations[${index}]" ${message}`);
  };
  for (const [index, step] of (config.migrations ?? []).entries()) {
    const create = (name: string, sqlite: boolean, key: string) => {
      if (classes.has(name)) fail(index, `(${key}) creates class "${name}", which an earlier migration already created.`);
      classes.set(name, { sqlite, storageName: name });
      deleted.delete(name);
    };
    for (const name of step.new_classes ?? []) create(name, false, "new_classes");
    for (const name of step.new_sqlite_classes ?? []) create(name, true, "new_sqlite_classes");
    for (const { from, to } of [...(step.renamed_classes ?? []), ...(step.transferred_classes ?? [])]) {
      const state = classes.get(from);
      if (!state) fail(index, `renames class "${from}", which no earlier migration created.`);
      if (classes.has(to)) fail(index, `renames "${from}" to "${to}", but class "${to}" already exists.`);
      classes.delete(from);
      classes.set(to, state!);
    }
    for (const name of step.deleted_classes ?? []) {
      if (!classes.delete(name)) fail(index, `deletes class "${name}", which no earlier migration created.`);
      deleted.set(name, step.tag);
    }
  }
  return { classes, deleted };
}
