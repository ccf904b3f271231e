/** Where storage reads the time, so that tests can move it instead of sleeping. */
import { clearTimeout, setTimeout } from "node:timers";
export interface Clock {
  /** Milliseconds since the UNIX epoch. */
  now(): number;
}

/** A clock that also calls back later (host schedulers such as the queue broker). */
export interface Timers extends Clock {
  /** Calls `fn` once `ms` have passed on this clock; the returned function cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };

/** setTimeout's longest delay. */
const MAX_TIMER = 2 ** 31 - 1;

/** The real clock; its timers do not keep the process alive. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMER));
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to (tests); its timers fire, in time order, as it moves past them. */
export class ManualClock implements Timers {
  #now: number;
  #timers = new Set<{ at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: { at: number; fn: () => void } | undefined;
      for (const timer of this.#timers) if (timer.at <= target && (!next || timer.at < next.at)) next = timer;
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = target;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.#now + Math.max(0, ms), fn };
    this.#timers.add(timer);
    return () => this.#timers.delete(timer);
  }
}
