/**
 * The service-worker format (an entry that exports nothing, wrangler's rule): bindings, vars and
 * secrets are globals, handlers are `addEventListener("fetch" | "scheduled", ...)` listeners on
 * the global scope, and the entry's dynamic imports of built-in modules fail as in workerd (a
 * service worker has no module registry). The listeners are served through a synthesized default
 * export, so requests and triggers take the same path as an ES module worker's.
 */
import type { ExecutionContext } from "../execution-context.js";
import type { ScheduledController } from "../scheduled-controller.js";
import { createFetchEvent, createScheduledEvent, type FetchEventState } from "./events.js";

type Listener = ((event: Event) => unknown) | { handleEvent(event: Event): unknown };
type EventClass = abstract new (...args: never[]) => object;

/** Event types whose listeners are the worker's handlers (not dispatched on the scope's EventTarget). */
const handlerTypes = new Set(["fetch", "scheduled"]);
const listeners = new Map<string, Listener[]>();
const builtinSpecifier = /^(?:cloudflare|node|workerd):/;
/** The module runner's dynamic `import()` in a module's context (Vite's name for it). */
const dynamicImportKey = "__vite_ssr_dynamic_import__";
let active = false;

export function isServiceWorker(): boolean {
  return active;
}

/** Before the entry runs: its globals, its listeners, and its module context's dynamic import. */
export function installServiceWorker(
  g: Record<string, unknown>,
  env: Record<string, unknown>,
  context: Record<string, unknown>,
): void {
  active = true;
  for (const [name, value] of Object.entries(env)) {
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: true });
  }
  const add = g.addEventListener as (...args: unknown[]) => void;
  const remove = g.removeEventListener as (...args: unknown[]) => void;
  Object.defineProperty(g, "addEventListener", {
    value: function addEventListener(this: unknown, type: string, listener: Listener | null, ...rest: unknown[]): void {
      if (!handlerTypes.has(String(type))) return add.call(this, type, listener, ...rest);
      if (listener === null || listener === undefined) return;
      const list = listeners.get(String(type)) ?? [];
      if (!list.includes(listener)) list.push(listener);
      listeners.set(String(type), list);
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(g, "removeEventListener", {
    value: function removeEventListener(this: unknown, type: string, listener: Listener | null, ...rest: unknown[]): void {
      if (!handlerTypes.has(String(type))) return remove.call(this, type, listener, ...rest);
      const list = listeners.get(String(type));
      if (list && list.includes(listener as Listener)) list.splice(list.indexOf(listener as Listener), 1);
    },
    writable: true,
    configurable: true,
  });
  const dynamicImport = context[dynamicImportKey] as (specifier: string, ...rest: unknown[]) => Promise<unknown>;
  context[dynamicImportKey] = (specifier: string, ...rest: unknown[]) =>
    builtinSpecifier.test(specifier)
      ? Promise.reject(new Error(`No such module "${specifier}".`))
      : dynamicImport(specifier, ...rest);
}

function call(listener: Listener, event: Event): void {
  if (typeof listener === "function") listener.call(globalThis, event);
  else listener.handleEvent(event);
}

/** The default export the listeners amount to (read after the entry ran). */
export function serviceWorkerNamespace(g: Record<string, unknown>): Record<string, unknown> {
  const FetchEvent = g.FetchEvent as EventClass;
  const ScheduledEvent = g.ScheduledEvent as EventClass;
  const handlers = {
    async fetch(request: Request, _env: unknown, ctx: ExecutionContext): Promise<unknown> {
      const state: FetchEventState = { dispatched: false };
      const event = createFetchEvent(FetchEvent, request, ctx, state);
      try {
        for (const listener of (listeners.get("fetch") ?? []).slice()) {
          call(listener, event);
          if (state.response) break;
        }
      } finally {
        state.dispatched = true;
      }
      if (!state.response) {
        // Production hands the request on to the origin; here that is Vite's own middleware.
        ctx.passThroughOnException();
        throw new Error(
          `[kindling] No "fetch" event listener called event.respondWith(): in production the request goes on to the origin. ` +
            `Call event.respondWith() synchronously in a listener added with addEventListener("fetch", ...).`,
        );
      }
      const response = await state.response;
      if (!(response instanceof Response)) {
        throw new TypeError("Incorrect type for Promise: the Promise did not resolve to 'Response'.");
      }
      return response;
    },
  };
  Object.defineProperty(handlers, "scheduled", {
    enumerable: true,
    get: () =>
      listeners.get("scheduled")?.length
        ? (controller: ScheduledController, _env: unknown, ctx: ExecutionContext) => {
            const event = createScheduledEvent(ScheduledEvent, controller, ctx);
            for (const listener of listeners.get("scheduled")!.slice()) call(listener, event);
          }
        : undefined,
  });
  return { default: handlers };
}
