/** `env.NS`: DurableObjectNamespace, and the stubs it hands out. */
import type { ObjectAddress } from "../../protocol/messages.js";
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { Fetcher, fetchThrough } from "../../rpc/fetcher.js";
import { createStub } from "../../rpc/stub.js";
import { notImplemented } from "../../shared/not-implemented.js";
import type { DurableObjectDescriptor } from "./descriptor.js";
import { DurableObjectId, DurableObjectIdFactory, JURISDICTIONS } from "./id.js";

export class DurableObjectNamespace {
  get [Symbol.toStringTag](): string {
    return "DurableObjectNamespace";
  }

  #descriptor: DurableObjectDescriptor;
  #ids: DurableObjectIdFactory;
  #endpoint: RpcEndpoint;
  #jurisdiction: string | undefined;

  constructor(descriptor: DurableObjectDescriptor, endpoint: RpcEndpoint, jurisdiction?: string) {
    this.#descriptor = descriptor;
    this.#endpoint = endpoint;
    // Keyed by the class's storage name alone: this worker and another binding the class with
    // `script_name` make the same id for a name, as production does.
    this.#ids = new DurableObjectIdFactory(descriptor.storageName);
    this.#jurisdiction = jurisdiction;
  }

  newUniqueId(options?: { jurisdiction?: string }): DurableObjectId {
    return this.#ids.unique(checkJurisdiction(options?.jurisdiction) ?? this.#jurisdiction);
  }

  idFromName(name: string): DurableObjectId {
    return this.#ids.fromName(String(name), this.#jurisdiction);
  }

  idFromString(id: string): DurableObjectId {
    return this.#ids.fromString(id, this.#jurisdiction);
  }

  get(id: DurableObjectId, _options?: { locationHint?: string; routingMode?: string }): object {
    if (!(id instanceof DurableObjectId))
      throw new TypeError("Failed to execute 'get' on 'DurableObjectNamespace': parameter 1 is not of type 'DurableObjectId'.");
    // workerd addresses the object with this id in this namespace, even an id made by another one.
    const worker = this.#descriptor.scriptName ?? this.#endpoint.worker;
    const address: ObjectAddress = { kind: "object", worker, storageName: this.#descriptor.storageName, id: id.toString() };
    if (id.name !== undefined) address.name = id.name;
    return createObjectStub(address, this.#endpoint, id);
  }

  getByName(name: string, options?: { locationHint?: string; routingMode?: string }): object {
    return this.get(this.idFromName(name), options);
  }

  jurisdiction(jurisdiction: string): DurableObjectNamespace {
    return new DurableObjectNamespace(this.#descriptor, this.#endpoint, checkJurisdiction(jurisdiction));
  }
}

/** The class a Durable Object stub shows: workerd's `DurableObject`, a `Fetcher` (not `cloudflare:workers`' base class). */
class DurableObjectStub extends Fetcher {
  static {
    Object.defineProperty(this, "name", { value: "DurableObject" });
  }

  override get [Symbol.toStringTag](): string {
    return "DurableObject";
  }
}

/** A stub for one object: RPC members plus `id`, `name` and `fetch`. */
export function createObjectStub(
  address: ObjectAddress,
  endpoint: RpcEndpoint,
  id = new DurableObjectId(address.id, address.name),
): object {
  return createStub(address, (call) => endpoint.invoke(address, call), {
    prototype: DurableObjectStub.prototype,
    members: {
      id,
      name: id.name,
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetchThrough(endpoint, address, input, init),
      connect: () => notImplemented("DurableObjectStub.connect"),
    },
  });
}

function checkJurisdiction(jurisdiction: string | undefined): string | undefined {
  if (jurisdiction === undefined) return undefined;
  if (!(JURISDICTIONS as readonly string[]).includes(jurisdiction)) {
    throw new TypeError(
      `Unknown jurisdiction "${jurisdiction}"; expected one of ${JURISDICTIONS.map((j) => `"${j}"`).join(", ")}.`,
    );
  }
  return jurisdiction;
}
