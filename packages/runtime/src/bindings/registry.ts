/**
 * The one file that knows every binding kind's runtime unit. The host resolves the wrangler config
 * into descriptors (`protocol/bindings.ts`); each generation turns them into the objects user code
 * sees on `env`. A kind missing here is a compile error.
 */
import type { BindingDescriptor, BindingKind } from "../protocol/bindings.js";
import type { BindingContext } from "./context.js";
import { createKvNamespace } from "./kv/index.js";
import { createR2Bucket } from "./r2/index.js";
import { createSendEmail } from "./send-email/index.js";
import { createD1Binding } from "./d1/index.js";
import { createDurableObjectNamespace } from "./durable-objects/index.js";
import { createVersionMetadata } from "./version-metadata/index.js";
import { createRateLimiter } from "./ratelimit/index.js";
import { createAnalyticsEngineDataset } from "./analytics-engine/index.js";
import { createHyperdrive } from "./hyperdrive/index.js";
import { createSecretsStoreSecret } from "./secrets-store/index.js";
import { createAssetsBinding } from "./assets/index.js";
import { createServiceBinding } from "./service/index.js";
import { createUnavailableBinding } from "./unavailable/index.js";
import { createWorkerLoader } from "./worker-loader/index.js";

export type { BindingContext } from "./context.js";

type Factory<K extends BindingKind> = (descriptor: BindingDescriptor<K>, context: BindingContext) => unknown;

const factories: { [K in BindingKind]: Factory<K> } = {
  kv: createKvNamespace,
  r2: createR2Bucket,
  d1: createD1Binding,
  send_email: createSendEmail,
  durable_object_namespace: createDurableObjectNamespace,
  service: createServiceBinding,
  version_metadata: createVersionMetadata,
  ratelimit: createRateLimiter,
  analytics_engine: createAnalyticsEngineDataset,
  hyperdrive: createHyperdrive,
  secrets_store_secret: createSecretsStoreSecret,
  assets: createAssetsBinding,
  worker_loader: createWorkerLoader,
  unavailable: createUnavailableBinding,
};

export function createBindings(descriptors: readonly BindingDescriptor[], context: BindingContext): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const descriptor of descriptors) env[descriptor.name] = createBinding(descriptor, context);
  return env;
}

function createBinding<K extends BindingKind>(descriptor: BindingDescriptor<K>, context: BindingContext): unknown {
  const factory: Factory<K> = factories[descriptor.type];
  return factory(descriptor, context);
}
