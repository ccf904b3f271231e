/** Timers and clocks: return values, argument handling, and time that stands still while code runs. */
import { className } from "../harness/describe.js";

export const area = "Global scope";

export function probes() {
  return {
    "typeof setTimeout() result": () => {
      const id = setTimeout(() => {}, 10);
      clearTimeout(id);
      return typeof id;
    },
    "setTimeout() result class": () => {
      const id = setTimeout(() => {}, 10);
      clearTimeout(id);
      return typeof id === "object" ? className(id) : "<primitive>";
    },
    "typeof setInterval() result": () => {
      const id = setInterval(() => {}, 1000);
      clearInterval(id);
      return typeof id;
    },
    "typeof setImmediate() result": () => {
      if (typeof setImmediate !== "function") return "<no setImmediate>";
      const id = setImmediate(() => {});
      clearImmediate(id);
      return typeof id;
    },
    "setTimeout passes extra arguments": () => new Promise((resolve) => setTimeout((a, b) => resolve([a, b]), 1, "x", 2)),
    "clearTimeout(undefined)": () => clearTimeout(undefined),
    "clearTimeout of an interval id stops it": async () => {
      let runs = 0;
      const id = setInterval(() => runs++, 1);
      clearTimeout(id);
      await scheduler.wait(20);
      return runs;
    },
    "setTimeout(fn, -5) runs": () => new Promise((resolve) => setTimeout(() => resolve("ran"), -5)),
    "setTimeout(non-function)": () => setTimeout(42, 0),
    "setTimeout() result is truthy": () => {
      const id = setTimeout(() => {}, 10);
      clearTimeout(id);
      return Boolean(id);
    },
    "Number(setTimeout()) is an integer": () => {
      const id = setTimeout(() => {}, 10);
      clearTimeout(id);
      return Number.isInteger(Number(id));
    },
    "Date.now() stands still during synchronous work": () => {
      const start = Date.now();
      let spins = 0;
      while (Date.now() === start && spins < 20_000_000) spins++;
      return Date.now() === start;
    },
    "performance.now() stands still during synchronous work": () => {
      const start = performance.now();
      let spins = 0;
      while (performance.now() === start && spins < 20_000_000) spins++;
      return performance.now() === start;
    },
    "Date.now() advances across a timer": async () => {
      const start = Date.now();
      await scheduler.wait(15);
      return Date.now() > start;
    },
    "scheduler.wait(5) resolves to": () => scheduler.wait(5),
    "scheduler.wait with an aborted signal": () => scheduler.wait(5, { signal: AbortSignal.abort() }),
    "queueMicrotask runs before a timer": () =>
      new Promise((resolve) => {
        const order = [];
        setTimeout(() => {
          order.push("timer");
          resolve(order);
        }, 0);
        queueMicrotask(() => order.push("microtask"));
      }),
  };
}
