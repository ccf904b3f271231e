/**
 * The bindings of a worker outside any generation, in a plain Node.js process (a script, a seed, a
 * test runner): what `getPlatformProxy()` of @kindling/vite-plugin hands out. They read and write
 * the same state files as the dev server's generations (every write is its own BEGIN IMMEDIATE
 * transaction), so they work beside a running dev server, as the `kindling d1` CLI does.
 *
 * What needs a running worker is not here: a Durable Object lives in the dev server that owns the
 * state directory, and host units (the assets server, queues, workflows) live in Vite's process.
 */
import type { BindingDescriptor } from "../protocol/bindings.js";
import type { HostUnitCaller } from "../protocol/host-units.js";
import type { RpcAddress } from "../protocol/messages.js";
import { createBindings } from "../bindings/registry.js";
import { createCacheStorage, type CacheStorage } from "../bindings/cache/index.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import { isRpcTarget } from "../rpc/targets.js";
import { systemClock } from "../storage/clock.js";
import { incomingCf } from "../web/request-cf.js";
import { PlatformContext } from "./platform-context.js";

export { PlatformContext } from "./platform-context.js";

export interface PlatformOptions {
  workerName: string;
  /** The state directory (the dev server's, to share its state). */
  persist: string;
  vars: Record<string, unknown>;
  bindings: readonly BindingDescriptor[];
}

export interface Platform {
  env: Record<string, unknown>;
  /** `request.cf` as the dev server's incoming requests have it. */
  cf: typeof incomingCf;
  ctx: PlatformContext;
  caches: CacheStorage;
}

export function createPlatform({ workerName, persist, vars, bindings }: PlatformOptions): Platform {
  const outsideWorker = (what: string) =>
    new Error(
      `[kindling] ${what} cannot be reached from getPlatformProxy() of the worker "${workerName}": it runs only inside the dev server. ` +
        `Call it from the worker (a request to vite dev), or reach its data another way.`,
    );
  const rpc = new RpcEndpoint({
    worker: workerName,
    generation: 0,
    call: (address) => Promise.reject(outsideWorker(receiverOf(address))),
    isRpcTarget,
  });
  const env = createBindings(bindings, {
    persist,
    workerName,
    clock: systemClock,
    rpc,
    host: { call: ((kind: string) => Promise.reject(outsideWorker(`The "${kind}" binding`))) as HostUnitCaller["call"] },
  });
  return { env: { ...vars, ...env }, cf: incomingCf, ctx: new PlatformContext(), caches: createCacheStorage(persist) };
}

/** What an RPC call from the proxy was for, in a message. */
function receiverOf(address: RpcAddress): string {
  switch (address.kind) {
    case "object":
      return `The Durable Object "${address.storageName}"`;
    case "entrypoint":
      return `The worker "${address.worker}" (a service binding)`;
    case "export":
      return "An RPC stub";
  }
}
