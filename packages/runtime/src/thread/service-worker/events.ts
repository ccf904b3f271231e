/**
 * The events a service worker's listeners receive: `FetchEvent` (`request`, `respondWith`,
 * `waitUntil`, `passThroughOnException`) and `ScheduledEvent` (`scheduledTime`, `cron`, `noRetry`,
 * `waitUntil`), made as instances of the scope's event classes (their constructors are illegal).
 */
import type { ExecutionContext } from "../execution-context.js";
import type { ScheduledController } from "../scheduled-controller.js";

type EventClass = abstract new (...args: never[]) => object;

export interface FetchEventState {
  /** What `respondWith()` was given; unset when no listener called it. */
  response?: Promise<unknown>;
  /** The listeners have returned: `respondWith()` may no longer be called. */
  dispatched: boolean;
}

function hidden(target: object, methods: Record<string, (...args: never[]) => unknown>): void {
  for (const [name, value] of Object.entries(methods)) {
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  }
}

function invalidState(message: string): Error {
  return new DOMException(message, "InvalidStateError");
}

export function createFetchEvent(FetchEvent: EventClass, request: Request, ctx: ExecutionContext, state: FetchEventState): Event {
  const event = Reflect.construct(Event, ["fetch"], FetchEvent) as Event;
  Object.defineProperty(event, "request", { value: request, enumerable: true, configurable: true });
  hidden(event, {
    respondWith(response: unknown) {
      if (state.dispatched || state.response) {
        throw invalidState("FetchEvent.respondWith() has already been called; it can only be called once.");
      }
      event.stopImmediatePropagation();
      state.response = Promise.resolve(response);
    },
    waitUntil: (promise: unknown) => ctx.waitUntil(promise as Promise<unknown>),
    passThroughOnException: () => ctx.passThroughOnException(),
  });
  return event;
}

export function createScheduledEvent(ScheduledEvent: EventClass, controller: ScheduledController, ctx: ExecutionContext): Event {
  const event = Reflect.construct(Event, ["scheduled"], ScheduledEvent) as Event;
  Object.defineProperties(event, {
    scheduledTime: { value: controller.scheduledTime, enumerable: true, configurable: true },
    cron: { value: controller.cron, enumerable: true, configurable: true },
  });
  hidden(event, {
    noRetry: () => controller.noRetry(),
    waitUntil: (promise: unknown) => ctx.waitUntil(promise as Promise<unknown>),
  });
  return event;
}
