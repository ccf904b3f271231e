/** Wires RPC and Durable Objects into a generation: the endpoint, and the objects it hosts. */
import type { GenerationConfig } from "../protocol/messages.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import { isRpcTarget } from "../rpc/targets.js";
import { setLocalStubFactory } from "../rpc/stub.js";
import {
  LiveObjects,
  createObjectStub,
  missingClassError,
  type DurableObjectDescriptor,
} from "../bindings/durable-objects/index.js";
import { host } from "./host-channel.js";
import { DurableObjectFacets } from "../bindings/durable-objects/facets.js";
import { traceOutgoingRpc } from "./trace-events.js";
import { resolveCompatibility } from "../shared/compatibility.js";

/** Production evicts an idle object after 70-140 s without events. */
const IDLE_TIMEOUT = 70_000;

/**
 * Pending timers, waitUntil work and outbound calls keep an object alive from compatibility date
 * 2026-10-01 (https://developers.cloudflare.com/changelog/post/2026-10-01-pending-io-keep-alive/).
 */
function pendingIoKeepsAlive(config: GenerationConfig): boolean {
  const flags = config.compatibilityFlags;
  if (flags.includes("durable_object_io_tasks_do_not_prevent_eviction")) return false;
  return flags.includes("durable_object_io_tasks_prevent_eviction") || config.compatibilityDate >= "2026-10-01";
}

export function createRpcEndpoint(config: GenerationConfig, traced: boolean): RpcEndpoint {
  const endpoint = new RpcEndpoint({
    worker: config.workerName,
    generation: config.generation,
    call: (address, operation, transfer) => host.callWith("rpc", transfer, address, operation),
    isRpcTarget,
    ...(traced ? { traceSend: traceOutgoingRpc } : {}),
  });
  setLocalStubFactory((target) => endpoint.stubFor(target));
  return endpoint;
}

function durableObjectDescriptors(config: GenerationConfig): DurableObjectDescriptor[] {
  return config.bindings.filter((b): b is DurableObjectDescriptor => b.type === "durable_object_namespace");
}

/** Throws when a bound class is not exported by the entry (checked once the entry is imported). */
export function assertDurableObjectClasses(config: GenerationConfig, namespace: Record<string, unknown>): void {
  for (const descriptor of durableObjectDescriptors(config)) {
    if (!descriptor.scriptName && typeof namespace[descriptor.className] !== "function") throw missingClassError(descriptor);
  }
}

export function hostDurableObjects(
  endpoint: RpcEndpoint,
  config: GenerationConfig,
  namespace: Record<string, unknown>,
  { env, exports }: { env: Record<string, unknown>; exports: Record<string, unknown> | undefined },
  track: (promise: Promise<unknown>) => void,
  onChange: () => void,
): LiveObjects {
  endpoint.objectStub = (address) => createObjectStub(address, endpoint);
  const objects = new LiveObjects({
    worker: config.workerName,
    classes: config.durableObjectClasses,
    getClass: (name) => namespace[name],
    env,
    exports,
    persist: config.ownState,
    host: {
      released: (key, delivered) => host.notify("objectReleased", key, delivered),
      alarmSet: (address, time) => host.notify("alarmSet", address, time),
      hibernation: (address, change, transfer) => host.notifyWith("hibernation", transfer, address, change),
    },
    track,
    execute: (receiver, operation) => endpoint.execute(receiver, operation),
    fail: (error) => endpoint.failure(error),
    idleTimeout: config.durableObjectIdleTimeout ?? IDLE_TIMEOUT,
    pendingIoKeepsAlive: pendingIoKeepsAlive(config),
    deleteAllDeletesAlarm: resolveCompatibility(config.compatibilityDate, config.compatibilityFlags).delete_all_deletes_alarm,
    onChange,
    facets: (address) => new DurableObjectFacets({ parent: address, persist: config.ownState, endpoint }),
  });
  endpoint.objects = objects;
  return objects;
}
