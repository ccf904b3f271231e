/**
 * setTimeout/setInterval as the worker sees them: workerd's return numbers and refuse a callback
 * that is not a function with its own wording; with Node.js's global timers (nodejs_compat from
 * 2026-02-10) they are Node's Timeout objects. Both keep a Durable Object's timers owned by it
 * (owned-timers.ts).
 */
import type { CompatibilityFlags } from "../../shared/compatibility.js";
import { createOwnedTimers } from "../owned-timers.js";
import { readerOf } from "./reader.js";

type Owned = ReturnType<typeof createOwnedTimers>;
type Timer = ReturnType<Owned["setTimeout"]>;
type Callback = (...args: unknown[]) => void;

export type WorkerTimers = Pick<Owned, "setTimeout" | "setInterval"> & {
  clearTimeout(id?: unknown): void;
  clearInterval(id?: unknown): void;
};

const notAFunction = (method: string) =>
  new TypeError(`Failed to execute '${method}' on 'ServiceWorkerGlobalScope': parameter 1 is not of type 'function'.`);

const names = ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] as const;

/**
 * The worker's timers on the global scope. Numeric ones only for the worker's own code: Node's
 * internals read the global `setTimeout` too (its fetch calls `.refresh()` on the timer it gets,
 * which failed with "fastNowTimeout.refresh is not a function"), and they, Vite's runner and the
 * dependencies Node imports natively keep Node's (reader.ts). A worker's own assignment (a
 * polyfill, fake timers) is what the worker reads afterwards.
 */
export function installWorkerTimers(g: Record<string, unknown>, flags: CompatibilityFlags): WorkerTimers {
  const owned = createOwnedTimers();
  if (flags.nodejs_global_timers) return Object.assign(g, owned) as WorkerTimers;
  const timers = numericTimers(owned);
  for (const name of names) {
    let workerValue: unknown = timers[name];
    const get = function (): unknown {
      return readerOf(get) === "worker" ? workerValue : owned[name];
    };
    Object.defineProperty(g, name, {
      get,
      set(value: unknown) {
        workerValue = value;
      },
      configurable: true,
      enumerable: true,
    });
  }
  return timers;
}

function numericTimers(owned: Owned): WorkerTimers {
  const live = new Map<number, Timer>();
  const clear = (id?: unknown) => {
    const timer = typeof id === "number" ? live.get(id) : undefined;
    if (!timer) return;
    live.delete(id as number);
    owned.clearTimeout(timer);
  };
  return {
    setTimeout: function setTimeout(callback: Callback, delay?: number, ...args: unknown[]) {
      if (typeof callback !== "function") throw notAFunction("setTimeout");
      const timer = owned.setTimeout(
        (...values: unknown[]) => {
          live.delete(id);
          callback(...values);
        },
        delay,
        ...args,
      );
      const id = +timer;
      live.set(id, timer);
      return id;
    } as unknown as Owned["setTimeout"],
    setInterval: function setInterval(callback: Callback, delay?: number, ...args: unknown[]) {
      if (typeof callback !== "function") throw notAFunction("setInterval");
      const timer = owned.setInterval(callback, delay, ...args);
      const id = +timer;
      live.set(id, timer);
      return id;
    } as unknown as Owned["setInterval"],
    // As in workerd, either clears a timeout or an interval.
    clearTimeout: function clearTimeout(id?: unknown) {
      clear(id);
    },
    clearInterval: function clearInterval(id?: unknown) {
      clear(id);
    },
  };
}
