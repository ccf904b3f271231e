/**
 * The global object as workerd has it: a `ServiceWorkerGlobalScope` (its class and toString), `self`,
 * `origin`, `addEventListener`/`removeEventListener`/`dispatchEvent` on the scope (which is not an
 * `EventTarget` instance), and `reportError`.
 */
import { ErrorEvent } from "../../web/web-socket-events.js";

const illegal = () => new TypeError("Illegal constructor");
const target = new EventTarget();

export class WorkerGlobalScope {
  constructor() {
    throw illegal();
  }

  addEventListener(...args: Parameters<EventTarget["addEventListener"]>): void {
    target.addEventListener(...args);
  }

  removeEventListener(...args: Parameters<EventTarget["removeEventListener"]>): void {
    target.removeEventListener(...args);
  }

  dispatchEvent(event: Event): boolean {
    return target.dispatchEvent(event);
  }
}

export class ServiceWorkerGlobalScope extends WorkerGlobalScope {}
Object.defineProperty(ServiceWorkerGlobalScope.prototype, Symbol.toStringTag, {
  value: "ServiceWorkerGlobalScope",
  configurable: true,
});

/** `reportError(error)`: an `error` event on the global scope; logged unless a listener cancels it. */
function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const event = new ErrorEvent("error", { error, message, cancelable: true });
  if (target.dispatchEvent(event)) console.error("Uncaught", error);
}

export function installGlobalObject(g: Record<PropertyKey, unknown>): void {
  delete g[Symbol.toStringTag];
  Object.setPrototypeOf(g, ServiceWorkerGlobalScope.prototype);
  Object.assign(g, { WorkerGlobalScope, ServiceWorkerGlobalScope, self: g, origin: "null", reportError });
}
