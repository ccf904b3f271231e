/**
 * setTimeout/setInterval as Workers code sees them. A timer set while a Durable Object's code runs
 * belongs to that object (io-owner.ts): pending, it keeps the object alive (where the compatibility
 * date says so); when the object is released the timer is cleared, so its callback never runs in
 * an instance that is gone. Timers of everything else are Node's, untouched.
 */
import {
  clearInterval as nodeClearInterval,
  clearTimeout as nodeClearTimeout,
  setInterval as nodeSetInterval,
  setTimeout as nodeSetTimeout,
} from "node:timers";
import { currentIoOwner, runOwned, type IoOwner } from "../shared/io-owner.js";

type Timer = ReturnType<typeof nodeSetTimeout>;
type Callback = (...args: unknown[]) => void;

/** Owned timers that are still pending, and how to let go of them. */
const owned = new Map<Timer, () => void>();

/** The four functions (scope/timers.ts makes the worker's of them). */
export function createOwnedTimers() {
  const setTimeout = function setTimeout(callback: Callback, delay?: number, ...args: unknown[]): Timer {
    const owner = currentIoOwner();
    if (!owner || typeof callback !== "function") return nodeSetTimeout(callback, delay, ...args);
    const timer: Timer = nodeSetTimeout(() => {
      settle(timer);
      runOwned(owner, () => callback(...args));
    }, delay);
    return own(owner, timer, nodeClearTimeout);
  };
  const setInterval = function setInterval(callback: Callback, delay?: number, ...args: unknown[]): Timer {
    const owner = currentIoOwner();
    if (!owner || typeof callback !== "function") return nodeSetInterval(callback, delay, ...args);
    const timer: Timer = nodeSetInterval(() => runOwned(owner, () => callback(...args)), delay);
    return own(owner, timer, nodeClearInterval);
  };
  const clearTimeout = function clearTimeout(timer?: Timer | number | string): void {
    settle(find(timer));
    nodeClearTimeout(timer);
  };
  const clearInterval = function clearInterval(timer?: Timer | number | string): void {
    settle(find(timer));
    nodeClearInterval(timer);
  };
  return { setTimeout, setInterval, clearTimeout, clearInterval };
}

function own(owner: IoOwner, timer: Timer, clear: (timer: Timer) => void): Timer {
  const release = owner.hold("timer");
  const drop = owner.adopt(() => {
    clear(timer);
    settle(timer);
  });
  owned.set(timer, () => {
    release();
    drop();
  });
  return timer;
}

/** The timer fired (setTimeout) or was cleared: it no longer keeps its owner. */
function settle(timer: Timer | undefined): void {
  if (!timer) return;
  const letGo = owned.get(timer);
  owned.delete(timer);
  letGo?.();
}

/** clearTimeout also takes a timer's numeric id (what `+timer` gives). */
function find(timer: Timer | number | string | undefined): Timer | undefined {
  if (timer === undefined || timer === null) return undefined;
  if (typeof timer === "object") return timer;
  for (const candidate of owned.keys()) if (String(+candidate) === String(timer)) return candidate;
  return undefined;
}
