/**
 * The events in flight in this generation (requests, triggers, service-binding calls) and the
 * waitUntil work they left behind: a draining generation ends once both are empty.
 */

export interface InflightEvent {
  /** Rejects with the reason once the event is aborted (the client went away, `ctx.abort()`); never resolves. */
  readonly aborted: Promise<never>;
  /**
   * An AbortSignal that follows the event's abort. Made on first use: a Node AbortSignal and a
   * listener on it cost more than the rest of a small request, and most events never need one.
   */
  signal(): AbortSignal;
  abort(reason: unknown): void;
  /** The event is over; idempotent. */
  settle(): void;
}

class EventAbort {
  readonly aborted: Promise<never>;
  #reject!: (reason: unknown) => void;
  #controller: AbortController | undefined;
  #reason: { value: unknown } | undefined;

  constructor() {
    this.aborted = new Promise<never>((_, reject) => (this.#reject = reject));
    this.aborted.catch(() => {});
  }

  signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason.value);
    }
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    if (this.#reason) return;
    this.#reason = { value: reason };
    this.#controller?.abort(reason);
    this.#reject(reason);
  }
}

export class Events {
  #inflight = new Map<number, EventAbort>();
  #background = new Set<Promise<unknown>>();
  /** Ids for events the host does not name (triggers, service-binding calls). */
  #nextLocalId = -1;
  #onChange: () => void;
  #onBackgroundError: (error: unknown) => void;

  /** `onBackgroundError`: a waitUntil promise rejected (the generation reports it to the host). */
  constructor(onChange: () => void, onBackgroundError: (error: unknown) => void) {
    this.#onChange = onChange;
    this.#onBackgroundError = onBackgroundError;
  }

  get idle(): boolean {
    return this.#inflight.size === 0 && this.#background.size === 0;
  }

  /** An event starts; `id` is the host's name for it (a request), else a local one is made. */
  begin(id: number = this.#nextLocalId--): InflightEvent {
    const abort = new EventAbort();
    this.#inflight.set(id, abort);
    return {
      aborted: abort.aborted,
      signal: () => abort.signal(),
      abort: (reason) => abort.abort(reason),
      settle: () => {
        if (this.#inflight.get(id) === abort && this.#inflight.delete(id)) this.#onChange();
      },
    };
  }

  abort(id: number, reason: string): void {
    this.#inflight.get(id)?.abort(new Error(reason));
  }

  /** waitUntil work: its failure is reported as a background error. */
  track(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => {},
      (error) => this.#onBackgroundError(error),
    );
    this.#background.add(tracked);
    void tracked.finally(() => (this.#background.delete(tracked), this.#onChange()));
  }
}
