/**
 * `services` bindings: `env.X` is a `Fetcher` whose `fetch()` and RPC methods reach an entrypoint
 * of the named worker (this dev server's, or another Kindling dev server's on this machine); the
 * host routes by the worker's name. A worker that is not running fails on use, naming it.
 */
import type { BindingDescriptor } from "../../protocol/bindings.js";
import { createFetcherStub } from "../../rpc/fetcher.js";
import type { BindingContext } from "../context.js";

export function createServiceBinding(descriptor: BindingDescriptor<"service">, { rpc }: Pick<BindingContext, "rpc">): object {
  return createFetcherStub(rpc, {
    kind: "entrypoint",
    worker: descriptor.service,
    entrypoint: descriptor.entrypoint ?? "default",
    ...(descriptor.props ? { props: descriptor.props } : {}),
  });
}
