/**
 * `ctx.exports` (and `exports` of `cloudflare:workers`): loopback bindings to the worker's own
 * exports, as workerd builds them. Each entrypoint (the default export, a `WorkerEntrypoint`
 * class, an object of handlers) is a loopback service stub: RPC and `fetch` like a service
 * binding, and callable with `{ props }` for a `Fetcher` whose `ctx.props` they are. Each Durable
 * Object class with a migration is a namespace. Enabled by `enable_ctx_exports` or a compatibility
 * date of 2025-11-17 or later (`disable_ctx_exports` turns it off).
 */
import type { GenerationConfig } from "../protocol/messages.js";
import type { RpcEndpoint } from "../rpc/endpoint.js";
import { createFetcherStub, Fetcher } from "../rpc/fetcher.js";
import { WorkerEntrypoint } from "../rpc/targets.js";
import { createDurableObjectNamespace } from "../bindings/durable-objects/index.js";

export function ctxExportsEnabled(config: Pick<GenerationConfig, "compatibilityDate" | "compatibilityFlags">): boolean {
  const flags = config.compatibilityFlags;
  if (flags.includes("disable_ctx_exports")) return false;
  return flags.includes("enable_ctx_exports") || config.compatibilityDate >= "2025-11-17";
}

/** Fills `target` (the one `exports` object of this thread) with the loopbacks of `namespace`. */
export function fillCtxExports(
  target: Record<string, unknown>,
  config: GenerationConfig,
  namespace: Record<string, unknown>,
  endpoint: RpcEndpoint,
): void {
  const classes = new Map(config.durableObjectClasses.map((definition) => [definition.className, definition]));
  for (const [name, value] of Object.entries(namespace)) {
    const definition = classes.get(name);
    if (definition) {
      const { className, sqlite, storageName } = definition;
      target[name] = createDurableObjectNamespace(
        { type: "durable_object_namespace", name, className, sqlite, storageName },
        { rpc: endpoint },
      );
    } else if (isEntrypoint(name, value)) {
      target[name] = loopbackServiceStub(endpoint, config.workerName, name);
    }
  }
}

function isEntrypoint(name: string, value: unknown): boolean {
  if (typeof value === "function") return name === "default" || value.prototype instanceof WorkerEntrypoint;
  return (
    name === "default" ||
    (typeof value === "object" && value !== null && Object.values(value).some((v) => typeof v === "function"))
  );
}

/** The class workerd shows for a loopback entrypoint: a `Fetcher` (`instanceof ServiceStub`). */
class LoopbackServiceStub extends Fetcher {
  override get [Symbol.toStringTag](): string {
    return "LoopbackServiceStub";
  }
}

function loopbackServiceStub(endpoint: RpcEndpoint, worker: string, entrypoint: string): unknown {
  const plain = createFetcherStub(endpoint, { kind: "entrypoint", worker, entrypoint }) as Record<PropertyKey, unknown>;
  const withProps = (options?: { props?: Record<string, unknown> }) =>
    createFetcherStub(endpoint, { kind: "entrypoint", worker, entrypoint, props: options?.props ?? {} });
  return new Proxy(function loopback() {}, {
    get: (_target, key) => (key === Symbol.toStringTag ? "LoopbackServiceStub" : plain[key]),
    getPrototypeOf: () => LoopbackServiceStub.prototype,
    apply: (_target, _this, args: [{ props?: Record<string, unknown> }?]) => withProps(args[0]),
    has: () => false,
    set: () => false,
  });
}
