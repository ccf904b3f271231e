/**
 * `ctx.facets` of a Durable Object (workerd's DurableObjectFacets): `get(name, () => ({ class }))`
 * runs an instance of `class` (a DurableObjectClass of a worker this generation loaded) next to
 * this object, with a SQLite database of its own kept beside this object's, and returns a stub to
 * it. The facet runs in the loaded worker's thread (thread/loaded/facet-objects.ts).
 */
import type { ObjectAddress } from "../../protocol/messages.js";
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { Fetcher, fetchThrough } from "../../rpc/fetcher.js";
import { createStub } from "../../rpc/stub.js";
import { durableObjectClassTarget } from "../../shared/durable-object-class.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { statePaths } from "../../storage/state-path.js";

interface StartupOptions {
  class: unknown;
  id?: unknown;
}

export interface FacetsOptions {
  /** The Durable Object whose facets these are. */
  parent: ObjectAddress;
  /** Its worker's state directory (facets' databases go under its object's folder). */
  persist: string;
  endpoint: RpcEndpoint;
}

export class DurableObjectFacets {
  #options: FacetsOptions;

  constructor(options: FacetsOptions) {
    this.#options = options;
  }

  get [Symbol.toStringTag](): string {
    return "DurableObjectFacets";
  }

  get(name: string, getStartupOptions: () => StartupOptions | Promise<StartupOptions>): object {
    if (typeof getStartupOptions !== "function") {
      throw new TypeError("Failed to execute 'get' on 'DurableObjectFacets': parameter 2 is not of type 'Function'.");
    }
    const { parent, persist } = this.#options;
    let address: Promise<ObjectAddress> | undefined;
    const resolve = () =>
      (address ??= Promise.resolve(getStartupOptions()).then((options) => {
        const target = durableObjectClassTarget(options?.class);
        if (!target) {
          throw new TypeError(
            '[kindling] ctx.facets.get(): the startup options\' "class" must be a DurableObjectClass, as ' +
              'env.LOADER.get(id, callback).getDurableObjectClass("MyClass") returns.',
          );
        }
        const dir = `do/${parent.storageName}/${parent.id}.facets`;
        return {
          kind: "object",
          worker: target.worker,
          storageName: target.className,
          id: parent.id,
          name: String(name),
          database: statePaths(persist, dir, String(name)).database,
        } satisfies ObjectAddress;
      }));
    return facetStub(this.#options.endpoint, parent, resolve);
  }

  abort(): never {
    return notImplemented("DurableObjectFacets.abort");
  }

  delete(): never {
    return notImplemented("DurableObjectFacets.delete");
  }

  clone(): never {
    return notImplemented("DurableObjectFacets.clone");
  }
}

/** workerd's Fetcher to the facet; the startup callback runs on its first use. */
function facetStub(endpoint: RpcEndpoint, parent: ObjectAddress, resolve: () => Promise<ObjectAddress>): object {
  // Its address before the startup options are known is its parent's (a facet stub is not passed on over RPC).
  return createStub(parent, async (call) => endpoint.invoke(await resolve(), call), {
    prototype: Fetcher.prototype,
    members: {
      fetch: async (input: RequestInfo | URL, init?: RequestInit) => fetchThrough(endpoint, await resolve(), input, init),
      connect: () => notImplemented("Fetcher.connect"),
    },
  });
}
