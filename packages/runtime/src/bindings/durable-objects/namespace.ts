/** `env.NS`: DurableObjectNamespace, and the stubs it hands out. */
import type { RpcAddress, WireResponse } from "../../protocol/messages.js";
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { createStub, type StubInvoker } from "../../rpc/stub.js";
import { notImplemented } from "../../shared/not-implemented.js";
import { upgradeResponse } from "../../web/upgrade-response.js";
import { fromWebSocketPort, markHibernatablePort } from "../../web/web-socket-port.js";
import { toWireRequest } from "../../web/wire-request.js";
import type { DurableObjectDescriptor } from "./descriptor.js";
import { DurableObjectId, DurableObjectIdFactory, JURISDICTIONS } from "./id.js";

export class DurableObjectNamespace {
  #descriptor: DurableObjectDescriptor;
  #ids: DurableObjectIdFactory;
  #endpoint: RpcEndpoint;
  #jurisdiction: string | undefined;

  constructor(descriptor: DurableObjectDescriptor, endpoint: RpcEndpoint, jurisdiction?: string) {
    this.#descriptor = descriptor;
    this.#endpoint = endpoint;
    this.#ids = new DurableObjectIdFactory(
      descriptor.scriptName ? `${descriptor.scriptName}/${descriptor.storageName}` : descriptor.storageName,
    );
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
    this.#ids.fromString(id.toString());
    return createObjectStub(
      this.#descriptor,
      { kind: "object", storageName: this.#descriptor.storageName, id: id.toString(), name: id.name },
      this.#endpoint,
      id,
    );
  }

  getByName(name: string, options?: { locationHint?: string; routingMode?: string }): object {
    return this.get(this.idFromName(name), options);
  }

  jurisdiction(jurisdiction: string): DurableObjectNamespace {
    return new DurableObjectNamespace(this.#descriptor, this.#endpoint, checkJurisdiction(jurisdiction));
  }
}

/** A stub for one object: RPC members plus `id`, `name` and `fetch`. */
export function createObjectStub(
  descriptor: DurableObjectDescriptor,
  address: RpcAddress & { kind: "object" },
  endpoint: RpcEndpoint,
  id = new DurableObjectId(address.id, address.name),
): object {
  const unsupported = descriptor.scriptName
    ? () =>
        Promise.reject(
          new Error(
            `[kindling] The Durable Object binding "${descriptor.name}" uses class "${descriptor.className}" of worker ` +
              `"${descriptor.scriptName}" (script_name), and Kindling does not run other workers' Durable Objects yet. ` +
              `Export the class from this worker and drop "script_name".`,
          ),
        )
    : undefined;
  const invoke: StubInvoker = unsupported ?? ((call) => endpoint.invoke(address, call));
  return createStub(address, invoke, {
    members: {
      id,
      name: id.name,
      fetch: async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        if (unsupported) return unsupported();
        const outcome = await endpoint.send(address, { op: "fetch", request: await toWireRequest(new Request(input, init)) });
        const response = endpoint.unwrap(outcome) as WireResponse;
        if (response.webSocket) {
          if (response.hibernatable) markHibernatablePort(response.webSocket);
          return upgradeResponse(fromWebSocketPort(response.webSocket), response.headers);
        }
        return new Response(response.body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      },
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
