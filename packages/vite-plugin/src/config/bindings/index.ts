/**
 * The one file that knows every binding kind's config unit: its wrangler keys and the reader that
 * makes its descriptors. A kind missing here is a compile error (see `protocol/bindings.ts`).
 */
import type { z } from "zod";
import type { BindingDescriptor, BindingKind } from "@kindling/runtime/protocol";
import type { ConfigUnit, ReadContext } from "./define.js";
import { kvConfig } from "./kv.js";
import { r2Config } from "./r2.js";
import { d1Config } from "./d1.js";
import { sendEmailConfig } from "./send-email.js";
import { durableObjectsConfig } from "./durable-objects.js";
import { servicesConfig } from "./services.js";
import { versionMetadataConfig } from "./version-metadata.js";
import { ratelimitConfig } from "./ratelimit.js";
import { analyticsEngineConfig } from "./analytics-engine.js";
import { hyperdriveConfig } from "./hyperdrive.js";
import { secretsStoreConfig } from "./secrets-store.js";
import { queuesConfig } from "./queues.js";
import { assetsConfig } from "./assets.js";
import { unavailableConfig } from "./unavailable.js";
import { workerLoadersConfig } from "./worker-loaders.js";
import { workflowsConfig } from "./workflows.js";

export type { ReadContext } from "./define.js";

const units = {
  kv: kvConfig,
  r2: r2Config,
  d1: d1Config,
  send_email: sendEmailConfig,
  durable_object_namespace: durableObjectsConfig,
  service: servicesConfig,
  version_metadata: versionMetadataConfig,
  ratelimit: ratelimitConfig,
  analytics_engine: analyticsEngineConfig,
  hyperdrive: hyperdriveConfig,
  secrets_store_secret: secretsStoreConfig,
  queue: queuesConfig,
  assets: assetsConfig,
  worker_loader: workerLoadersConfig,
  workflow: workflowsConfig,
  unavailable: unavailableConfig,
} satisfies { [K in BindingKind]: { shape: z.ZodRawShape; read(config: never, context: ReadContext): BindingDescriptor<K>[] } };

type Units = typeof units;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every binding key's schema, for the config schema (top level and `env.<name>`). */
export const bindingShape = Object.assign({}, ...Object.values(units).map((unit) => unit.shape)) as UnionToIntersection<
  Units[BindingKind]["shape"]
>;

export type BindingsConfig = z.infer<z.ZodObject<typeof bindingShape>>;

/** The config's bindings, in the registry's order. */
export function resolveBindings(config: BindingsConfig, context: ReadContext): BindingDescriptor[] {
  return (Object.values(units) as ConfigUnit<BindingKind, z.ZodRawShape>[]).flatMap((unit) =>
    unit.read(config as never, context),
  );
}
