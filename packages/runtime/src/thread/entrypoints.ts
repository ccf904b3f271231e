/**
 * Calls from service bindings (of this worker or of another) to this worker's entrypoints. Each
 * call or fetch is an event of its own, as in workerd: a fresh instance of the entrypoint class
 * with `ctx.props` from the binding, in flight (a draining generation waits for it) until it settles.
 */
import type { EntrypointAddress, RpcOperation, RpcOutcome } from "../protocol/messages.js";
import type { EntrypointReceiver, RpcEndpoint } from "../rpc/endpoint.js";
import { ExecutionContext } from "./execution-context.js";
import type { Events } from "./events.js";
import { runFetchEvent } from "./fetch-event.js";

export interface EntrypointsOptions {
  worker: string;
  namespace: Record<string, unknown>;
  env: Record<string, unknown>;
  events: Events;
  endpoint: RpcEndpoint;
  /** `enable_request_signal` is on. */
  requestSignal: boolean;
}

type Handler = (...args: unknown[]) => unknown;

export class Entrypoints implements EntrypointReceiver {
  #options: EntrypointsOptions;

  constructor(options: EntrypointsOptions) {
    this.#options = options;
  }

  async deliver(address: EntrypointAddress, operation: RpcOperation): Promise<RpcOutcome> {
    const { endpoint, events, namespace, env, requestSignal } = this.#options;
    const event = events.begin();
    const track = (promise: Promise<unknown>) => events.track(promise);
    const props = address.props ?? {};
    let settles = true;
    try {
      const target = this.#entrypoint(address.entrypoint);
      if (operation.op === "fetch") {
        settles = false; // the fetch event settles once its body is read
        const context = { namespace, env, track, entrypoint: address.entrypoint, props, passThrough: false, requestSignal };
        const answer = await runFetchEvent(operation.request, event, context);
        if (answer.type === "pass-through") throw new Error("[kindling] internal: a service binding's fetch passed through.");
        return { ok: true, response: answer.response };
      }
      if (operation.op !== "call" && operation.op !== "get") throw new TypeError(`Unexpected RPC operation "${operation.op}".`);
      const ctx = new ExecutionContext(track, event.abort, props);
      const receiver =
        typeof target === "function"
          ? new (target as new (ctx: unknown, env: unknown) => object)(ctx, env)
          : handlerObject(target, env, ctx);
      return await endpoint.execute(receiver, operation);
    } catch (error) {
      return endpoint.failure(error);
    } finally {
      if (settles) event.settle();
    }
  }

  #entrypoint(name: string): object {
    const { worker, namespace } = this.#options;
    const target = namespace[name];
    if ((typeof target === "function" && target.prototype) || (typeof target === "object" && target !== null)) return target;
    if (name === "default") {
      throw new Error(
        `[kindling] Worker "${worker}" has no default export for its service bindings to call. Export a class extending ` +
          `WorkerEntrypoint, or an object with a fetch() handler: export default { async fetch(request, env, ctx) { ... } }.`,
      );
    }
    throw new Error(
      `[kindling] Worker "${worker}" has no entrypoint named "${name}" (the "entrypoint" of a service binding). Export it ` +
        `from its entry module: export class ${name} extends WorkerEntrypoint { ... }`,
    );
  }
}

/**
 * An object export's handlers as RPC sees them (workerd's rules for "simple function handlers"):
 * each is called with the client's one argument, then `env` and `ctx`.
 */
function handlerObject(target: object, env: Record<string, unknown>, ctx: ExecutionContext): Record<string, unknown> {
  const receiver: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(target)) {
    receiver[key] =
      typeof value === "function" ? (...args: unknown[]) => callHandler(key, value as Handler, target, args, env, ctx) : value;
  }
  return receiver;
}

function callHandler(name: string, fn: Handler, target: object, args: unknown[], env: unknown, ctx: ExecutionContext): unknown {
  if (fn.length > 3) {
    throw new TypeError(
      `Cannot call handler function "${name}" over RPC because it has the wrong number of arguments. A simple function ` +
        `handler can only be called over RPC if it has exactly the arguments (arg, env, ctx), where only the first argument ` +
        `comes from the client. To support multi-argument RPC functions, use class-based syntax (extending WorkerEntrypoint) instead.`,
    );
  }
  if (args.length !== 1) {
    throw new TypeError(
      `Attempted to call RPC function "${name}" with the wrong number of arguments. When calling a top-level handler ` +
        `function that is not declared as part of a class, you must always send exactly one argument. In order to support ` +
        `variable numbers of arguments, the server must use class-based syntax (extending WorkerEntrypoint) instead.`,
    );
  }
  return fn.call(target, args[0], env, ctx);
}
