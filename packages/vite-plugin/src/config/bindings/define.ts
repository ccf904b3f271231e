/** The shape of a binding kind's config unit: its wrangler keys (zod) and the reader that makes its descriptors. */
import type { z } from "zod";
import type { BindingDescriptor, BindingKind } from "@kindling/runtime/protocol";

export interface ReadContext {
  /** The config file's name, for messages. */
  fileName: string;
  /** The worker's name (`name`, or the folder's). */
  workerName: string | undefined;
  /** The environment the dev server was started in (wrangler reads a few variables from it, e.g. Hyperdrive's). */
  processEnv: Readonly<Record<string, string | undefined>>;
  /** The worker's compatibility date and flags, for bindings whose behaviour depends on them. */
  compatibilityDate: string;
  compatibilityFlags: readonly string[];
}

export interface ConfigUnit<K extends BindingKind, S extends z.ZodRawShape = z.ZodRawShape> {
  /** The wrangler keys this kind reads, at the top level and in `env.<name>` (all optional). */
  shape: S;
  read(config: z.infer<z.ZodObject<S>>, context: ReadContext): BindingDescriptor<K>[];
}

/** Ties a unit's reader to its own keys' types. */
export function defineConfigUnit<K extends BindingKind, S extends z.ZodRawShape>(unit: ConfigUnit<K, S>): ConfigUnit<K, S> {
  return unit;
}

/** A config value that names a local state file (`<persist>/kv/<id>.sqlite`). */
export const stateNamePattern = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
export const stateNameMessage = 'must contain only letters, digits, ".", "_" and "-" (it names a local state file)';
