/**
 * The one file that knows every binding kind's runtime unit. The host resolves the wrangler config
 * into descriptors (`protocol/bindings.ts`); each generation turns them into the objects user code
 * sees on `env`. A kind missing here is a compile error.
 */
import type { BindingDescriptor, BindingKind } from "../protocol/bindings.js";
import type { BindingContext } from "./context.js";
import { traceBinding, type TraceSpec } from "./traced-binding.js";
import { createKvNamespace, kvTrace } from "./kv/index.js";
import { createR2Bucket, r2Trace } from "./r2/index.js";
import { createSendEmail, sendEmailTrace } from "./send-email/index.js";
import { createD1Binding, d1Trace } from "./d1/index.js";
import { createDurableObjectNamespace } from "./durable-objects/index.js";
import { createVersionMetadata } from "./version-metadata/index.js";
import { createRateLimiter, rateLimitTrace } from "./ratelimit/index.js";
import { analyticsEngineTrace, createAnalyticsEngineDataset } from "./analytics-engine/index.js";
import { createHyperdrive } from "./hyperdrive/index.js";
import { createSecretsStoreSecret, secretsStoreTrace } from "./secrets-store/index.js";
import { assetsTrace, createAssetsBinding } from "./assets/index.js";
import { createQueue, queueTrace } from "./queue/index.js";
import { createServiceBinding } from "./service/index.js";
import { createUnavailableBinding } from "./unavailable/index.js";
import { createWorkerLoader } from "./worker-loader/index.js";
import { createWorkflow, workflowTrace } from "./workflows/index.js";

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
  queue: createQueue,
  assets: createAssetsBinding,
  worker_loader: createWorkerLoader,
  workflow: createWorkflow,
  unavailable: createUnavailableBinding,
};

/**
 * Each kind's calls that request traces show (`undefined`: none of its own). Durable Object and
 * service calls are traced where every RPC leaves the generation (`RpcEndpoint.send`).
 */
const traces: { [K in BindingKind]: TraceSpec | undefined } = {
  kv: kvTrace,
  r2: r2Trace,
  d1: d1Trace,
  send_email: sendEmailTrace,
  durable_object_namespace: undefined,
  service: undefined,
  version_metadata: undefined,
  ratelimit: rateLimitTrace,
  analytics_engine: analyticsEngineTrace,
  hyperdrive: undefined,
  secrets_store_secret: secretsStoreTrace,
  queue: queueTrace,
  assets: assetsTrace,
  workflow: workflowTrace,
  // A loaded worker's calls are RPC: traced where they leave the generation.
  worker_loader: undefined,
  unavailable: undefined,
};

export function createBindings(descriptors: readonly BindingDescriptor[], context: BindingContext): Record<string, unknown> {
  const env: Record<string, unknown> = {};
  for (const descriptor of descriptors) env[descriptor.name] = createBinding(descriptor, context);
  return env;
}

function createBinding<K extends BindingKind>(descriptor: BindingDescriptor<K>, context: BindingContext): unknown {
  const factory: Factory<K> = factories[descriptor.type];
  const binding = factory(descriptor, context);
  const trace = traces[descriptor.type];
  return trace && context.tracer ? traceBinding(binding, descriptor, trace, context.tracer) : binding;
}
