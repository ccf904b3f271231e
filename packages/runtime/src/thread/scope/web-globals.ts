/**
 * workerd's own global classes and objects that Node lacks or has otherwise: `Navigator`,
 * `Performance` (time origin 0), `Scheduler`, the event classes of its handlers, `Body`, the Cache
 * API classes, and `Cloudflare.compatibilityFlags`. Their constructors are illegal, as in workerd.
 */
import { performance as nodePerformance } from "node:perf_hooks";
import { compatibilityFlagNames, type CompatibilityFlags } from "../../shared/compatibility.js";
import { threadContext } from "../context.js";

const illegal = () => new TypeError("Illegal constructor");

/** A class whose constructor throws, as workerd's are for classes only the runtime makes. */
function runtimeClass(name: string, base: new (...args: never[]) => object = Object as never): new () => object {
  const named = {
    [name]: function () {
      throw illegal();
    },
  }[name]!;
  if (base !== (Object as unknown)) Object.setPrototypeOf(named, base);
  named.prototype = Object.create(base.prototype as object, {
    constructor: { value: named, writable: true, configurable: true },
  });
  return named as unknown as new () => object;
}

export function createNavigator(flags: CompatibilityFlags): { Navigator: new () => object; navigator: object } {
  const Navigator = runtimeClass("Navigator");
  const getters: Record<string, () => unknown> = {
    userAgent: () => "Cloudflare-Workers",
    hardwareConcurrency: () => 1,
    platform: () => "",
  };
  if (flags.navigator_language) {
    const languages = Object.freeze(["en"]);
    Object.assign(getters, { language: () => "en", languages: () => languages });
  }
  for (const [key, get] of Object.entries(getters))
    Object.defineProperty(Navigator.prototype, key, { get, configurable: true, enumerable: true });
  Object.defineProperty(Navigator.prototype, "sendBeacon", {
    value: function sendBeacon(url: string, body?: BodyInit | null): boolean {
      threadContext.waitUntil(fetch(url, { method: "POST", ...(body == null ? {} : { body }) }).catch(() => {}));
      return true;
    },
    configurable: true,
    writable: true,
  });
  return { Navigator, navigator: Object.create(Navigator.prototype) as object };
}

/** `performance`: time origin 0, so `now()` is the time since the epoch; Node's extras with nodejs_compat. */
export function createPerformance(flags: CompatibilityFlags): { Performance: new () => object; performance: object } {
  const Performance = runtimeClass(
    "Performance",
    flags.nodejs_compat ? (nodePerformance.constructor as never) : (EventTarget as never),
  );
  const proto = Performance.prototype as Record<string, unknown>;
  Object.defineProperties(proto, {
    timeOrigin: { get: () => 0, configurable: true, enumerable: true },
    now: { value: () => nodePerformance.timeOrigin + nodePerformance.now(), configurable: true, writable: true },
    toJSON: { value: () => ({ timeOrigin: 0 }), configurable: true, writable: true },
  });
  if (flags.nodejs_compat) {
    for (const key of [
      "mark",
      "measure",
      "clearMarks",
      "clearMeasures",
      "clearResourceTimings",
      "getEntries",
      "getEntriesByName",
      "getEntriesByType",
      "eventLoopUtilization",
      "timerify",
      "markResourceTiming",
      "setResourceTimingBufferSize",
    ]) {
      const method = (nodePerformance as unknown as Record<string, unknown>)[key];
      if (typeof method === "function")
        Object.defineProperty(proto, key, { value: method.bind(nodePerformance), configurable: true, writable: true });
    }
  }
  return { Performance, performance: Object.create(proto) as object };
}

/** `scheduler.wait(ms)`, on timers the worker's own `setTimeout` makes (a Durable Object's keep it alive). */
export function createScheduler(
  setTimeout: (callback: () => void, ms: number) => unknown,
  clearTimeout: (id: unknown) => void,
): object {
  const Scheduler = runtimeClass("Scheduler");
  Object.defineProperty(Scheduler.prototype, "wait", {
    value: function wait(delay: number, options?: { signal?: AbortSignal }): Promise<void> {
      return new Promise((resolve, reject) => {
        const signal = options?.signal;
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(resolve, delay);
        signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
    },
    configurable: true,
    writable: true,
  });
  return Object.create(Scheduler.prototype) as object;
}

/** Classes of workerd's handler events and of its Fetch API, which user code only receives. */
export function runtimeClasses(): Record<string, unknown> {
  const ExtendableEvent = runtimeClass("ExtendableEvent", Event);
  return {
    ExtendableEvent,
    FetchEvent: runtimeClass("FetchEvent", ExtendableEvent),
    ScheduledEvent: runtimeClass("ScheduledEvent", ExtendableEvent),
    TailEvent: runtimeClass("TailEvent", ExtendableEvent),
    TraceEvent: runtimeClass("TraceEvent", ExtendableEvent),
    PromiseRejectionEvent: runtimeClass("PromiseRejectionEvent", Event),
    Body: runtimeClass("Body"),
  };
}

/** `Cloudflare.compatibilityFlags`: every flag Kindling knows, on or off, read-only. */
export function createCloudflare(flags: CompatibilityFlags): object {
  const compatibilityFlags = Object.freeze(Object.assign(Object.create(null), compatibilityFlagNames(flags)));
  return Object.freeze({ compatibilityFlags });
}
