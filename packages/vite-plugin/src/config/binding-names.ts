/**
 * Every name the config puts on `env` (bindings of all kinds, `vars`, required secrets), so that
 * one name is bound once: wrangler refuses duplicates ("Bindings must have unique names").
 */
import path from "node:path";
import { bindingLabels } from "./wrangler-keys.generated.js";

export interface BindingName {
  name: string;
  /** Key path of the name in the config, e.g. `kv_namespaces[0].binding` or `vars.API_URL`. */
  path: string;
  /** The binding kind as wrangler names it, e.g. "KV Namespace". */
  label: string;
}

/**
 * The names bound by `config` (the selected environment). `keyPath` turns a top-level key into
 * where it was written (`env.staging.vars` when it comes from that section).
 */
export function bindingNames(config: Record<string, unknown>, keyPath: (key: string) => string): BindingName[] {
  const names: BindingName[] = [];
  const add = (name: unknown, kind: string, rest: string, label: string) => {
    if (typeof name === "string") names.push({ name, path: keyPath(kind) + rest, label });
  };
  for (const [kind, label] of Object.entries(bindingLabels)) {
    const value = config[kind];
    if (kind === "queues") {
      for (const [i, producer] of entries(field(value, "producers")))
        add(field(producer, "binding"), kind, `.producers[${i}].binding`, label);
    } else if (Array.isArray(value)) {
      for (const [i, entry] of value.entries()) {
        const key = field(entry, "binding") !== undefined ? "binding" : "name";
        add(field(entry, key), kind, `[${i}].${key}`, label);
      }
    } else if (Array.isArray(field(value, "bindings"))) {
      for (const [i, entry] of entries(field(value, "bindings"))) add(field(entry, "name"), kind, `.bindings[${i}].name`, label);
    } else if (field(value, "binding") !== undefined) {
      add(field(value, "binding"), kind, ".binding", label);
    } else if (isRecord(value)) {
      // vars, wasm_modules, text_blobs, data_blobs: the keys are the names.
      for (const name of Object.keys(value)) add(name, kind, `.${name}`, label);
    }
  }
  for (const [i, name] of entries(field(config.secrets, "required"))) add(name, "secrets", `.required[${i}]`, "Secret");
  return names;
}

/** One error per name bound more than once, naming every place. */
export function duplicateNameErrors(names: readonly BindingName[], fileName: string): string[] {
  const byName = new Map<string, BindingName[]>();
  for (const entry of names) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  return [...byName].flatMap(([name, places]) => {
    if (places.length < 2) return [];
    const list = places.map((place) => `"${place.path}" (${place.label})`);
    return [
      `[kindling] ${fileName}: "${name}" names more than one binding: ${list.slice(0, -1).join(", ")} and ${list.at(-1)}. ` +
        `Bindings must have unique names, so that they can all be referenced in the worker: rename all but one.`,
    ];
  });
}

/**
 * A local secret named like a binding (not a var: secrets override vars) is shadowed by it, in
 * wrangler dev as here: it is dropped from `secrets` with a warning.
 */
export function dropShadowedSecrets(
  secrets: { values: Record<string, string>; files: Record<string, string> },
  names: readonly BindingName[],
  fileName: string,
): { values: Record<string, string>; warnings: string[] } {
  const values = { ...secrets.values };
  const warnings: string[] = [];
  for (const binding of names) {
    if (binding.label === "Environment Variable" || binding.label === "Secret" || !(binding.name in values)) continue;
    delete values[binding.name];
    warnings.push(
      `[kindling] ${path.basename(secrets.files[binding.name]!)}: "${binding.name}" is also the name of the ${binding.label} binding ` +
        `"${binding.path}" in ${fileName}; the binding wins and this value is ignored, as in wrangler dev. Rename one of them.`,
    );
  }
  return { values, warnings };
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function entries(value: unknown): [number, unknown][] {
  return Array.isArray(value) ? [...value.entries()] : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
