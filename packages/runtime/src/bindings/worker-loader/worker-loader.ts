/**
 * `env.LOADER` (workerd's WorkerLoader): `get(id, callback)` returns a `WorkerStub` at once; the
 * callback runs on first use, and the same id reuses the warm isolate without calling it again.
 * `load(code)` is a one-off worker. `stub.getEntrypoint(name?, { props })` is a Fetcher (fetch and
 * RPC) to an entrypoint of the loaded code, `stub.getDurableObjectClass(name)` a class for a Durable
 * Object's `ctx.facets`. The code's `tails` get a trace item per event of the loaded worker
 * (thread/loaded/tail-events.ts).
 */
import type { RpcEndpoint } from "../../rpc/endpoint.js";
import { createFetcherStub } from "../../rpc/fetcher.js";
import { createDurableObjectClass, type DurableObjectClass } from "../../shared/durable-object-class.js";
import { LoadedIsolate, type WorkerCode } from "./isolate.js";

/** Production drops an idle dynamic worker's isolate; here after a minute without calls. */
const IDLE_TIMEOUT = 60_000;

let nextIsolate = 1;

export class WorkerStub {
  #endpoint: RpcEndpoint;
  #worker: string;

  constructor(endpoint: RpcEndpoint, worker: string) {
    this.#endpoint = endpoint;
    this.#worker = worker;
  }

  getEntrypoint(name?: string | null, options?: { props?: Record<string, unknown> }): object {
    return createFetcherStub(this.#endpoint, {
      kind: "entrypoint",
      worker: this.#worker,
      entrypoint: name ?? "default",
      ...(options?.props ? { props: options.props } : {}),
    });
  }

  /** A class of the loaded code for `ctx.facets.get(name, () => ({ class }))` in a Durable Object. */
  getDurableObjectClass(name?: string | null): DurableObjectClass {
    return createDurableObjectClass(this.#worker, name ?? "default");
  }

  get [Symbol.toStringTag](): string {
    return "WorkerStub";
  }
}

export class WorkerLoader {
  #endpoint: RpcEndpoint;
  #binding: string;
  #isolates = new Map<string, { worker: string; isolate: LoadedIsolate }>();

  constructor(endpoint: RpcEndpoint, binding: string) {
    this.#endpoint = endpoint;
    this.#binding = binding;
  }

  get(id: string | null, getCode: () => WorkerCode | Promise<WorkerCode>): WorkerStub {
    if (typeof getCode !== "function") {
      throw new TypeError("Failed to execute 'get' on 'WorkerLoader': parameter 2 is not of type 'Function'.");
    }
    const warm = id === null ? undefined : this.#isolates.get(String(id));
    if (warm) return new WorkerStub(this.#endpoint, warm.worker);
    const worker = `${this.#endpoint.worker}:${this.#binding}#${nextIsolate++}`;
    const isolate = new LoadedIsolate({
      worker,
      endpoint: this.#endpoint,
      getCode,
      idleTimeout: IDLE_TIMEOUT,
      // A one-off worker (`load`) is gone once it ends; one with an id starts again on its next call.
      onEnd: () => {
        if (id === null) this.#endpoint.routes.delete(worker);
      },
    });
    this.#endpoint.routes.set(worker, (address, operation) => isolate.call(address, operation));
    if (id !== null) this.#isolates.set(String(id), { worker, isolate });
    return new WorkerStub(this.#endpoint, worker);
  }

  load(code: WorkerCode): WorkerStub {
    return this.get(null, () => code);
  }

  get [Symbol.toStringTag](): string {
    return "WorkerLoader";
  }
}
